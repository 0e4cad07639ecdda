import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '@csms/temporal/tools';
import { runStep } from './supervisor.ts';

/** Everything the web bundle is built from: its own sources and the workspace packages it bundles. */
const INPUTS = ['web/src', 'web/static', 'web/svelte.config.js', 'web/vite.config.ts', 'web/package.json', 'db/src', 'temporal/src', 'package-lock.json'];
const STAMP = join(REPO_ROOT, 'web/build/.csms-build-stamp');

async function fingerprint(path: string, hash: ReturnType<typeof createHash>): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) {
    for (const entry of (await readdir(path)).sort()) await fingerprint(join(path, entry), hash);
  } else {
    hash.update(`${path}\0${info.size}\0${info.mtimeMs}\n`);
  }
}

/** Builds the SvelteKit app with adapter-node unless the last build is from the same sources. */
export async function ensureWebBuild(env: NodeJS.ProcessEnv): Promise<void> {
  const hash = createHash('sha256');
  for (const input of INPUTS) await fingerprint(join(REPO_ROOT, input), hash);
  const digest = hash.digest('hex');
  const previous = await readFile(STAMP, 'utf8').catch(() => '');
  if (previous.trim() === digest && existsSync(join(REPO_ROOT, 'web/build/index.js'))) return;
  console.log('[setup] building the web app…');
  const vite = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  await runStep('setup', process.execPath, [vite, 'build', '--logLevel', 'warn'], env, join(REPO_ROOT, 'web'));
  await writeFile(STAMP, `${digest}\n`);
}
