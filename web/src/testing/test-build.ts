import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ROOT = resolve(WEB, '..');
/** Outside the served `web/build`, so tests never replace the bundle of a running system; ignored by git and eslint. */
const CACHE = join(ROOT, 'node_modules/.cache/csms-web-test');
const INPUTS = ['web/src', 'web/static', 'web/svelte.config.js', 'web/vite.config.ts', 'web/package.json', 'db/src', 'temporal/src'];

async function fingerprint(path: string, hash: ReturnType<typeof createHash>): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) {
    for (const entry of (await readdir(path)).sort()) await fingerprint(join(path, entry), hash);
  } else if (!/\.test\.ts$/.test(path) && !path.includes(`${join('web', 'src', 'testing')}`)) {
    hash.update(`${path}\0${info.size}\0${info.mtimeMs}\n`);
  }
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = join(CACHE, 'lock');
  await mkdir(CACHE, { recursive: true });
  for (let attempt = 0; ; attempt += 1) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
      if (age > 300_000) await rm(lock, { recursive: true, force: true }); // a crashed builder
      if (attempt > 600) throw new Error('timed out waiting for another test build of the web app');
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: WEB, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build failed (${code}): ${stderr.slice(-2000)}`))));
  });
}

/**
 * Builds the app with adapter-node once per change of its sources (shared by every test file through a lock and a
 * source fingerprint) and returns the folder holding `index.js`.
 */
export async function ensureTestBuild(): Promise<string> {
  const out = join(CACHE, 'build');
  return withLock(async () => {
    const hash = createHash('sha256');
    for (const input of INPUTS) await fingerprint(join(ROOT, input), hash);
    const digest = hash.digest('hex');
    const stamp = join(CACHE, 'stamp');
    if ((await readFile(stamp, 'utf8').catch(() => '')) === digest && existsSync(join(out, 'index.js'))) return out;
    await run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
      ...process.env,
      CSMS_WEB_BUILD_DIR: out,
      CSMS_WEB_KIT_DIR: join(CACHE, 'kit'),
    });
    await writeFile(stamp, digest);
    return out;
  });
}
