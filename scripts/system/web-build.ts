import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

/** A build lock between processes (two systems started at once, as tests do, would build into the same folders). */
const LOCK = join(REPO_ROOT, 'node_modules/.cache/csms-web-start/lock');

/** True while the process that took the lock lives (a start stopped with Ctrl-C mid-build leaves its lock behind). */
async function holderAlive(): Promise<boolean> {
  const pid = Number(await readFile(join(LOCK, 'pid'), 'utf8').catch(() => ''));
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    // just taken and its pid not written yet, or left empty by a crash: give it a moment by its age
    const age = Date.now() - ((await stat(LOCK).catch(() => undefined))?.mtimeMs ?? Date.now());
    return age < 10_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(join(LOCK, '..'), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      await writeFile(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      if (!(await holderAlive())) await rm(LOCK, { recursive: true, force: true });
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the SvelteKit app with adapter-node unless the last build is from the same sources; one process at a time
 * (the others wait, then find the build current).
 */
export function ensureWebBuild(env: NodeJS.ProcessEnv): Promise<void> {
  return withBuildLock(() => buildIfStale(env));
}

async function buildIfStale(env: NodeJS.ProcessEnv): Promise<void> {
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
