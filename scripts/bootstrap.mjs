// Runs before any dependency exists: plain Node, no imports outside node:*.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// npm rewrites this hidden lockfile on every install; older than package-lock.json means the tree is stale.
const INSTALLED_LOCK = join(REPO_ROOT, 'node_modules', '.package-lock.json');

/** Refuses to go on under a Node other than 20 (the uWebSockets.js binary and the pinned majors need it). */
export function assertNodeVersion() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    console.error(`This project needs Node 20 (found ${process.versions.node}); see .nvmrc.`);
    process.exit(1);
  }
}

/** Installs the npm workspaces with `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureNodeModules() {
  const lockTime = statSync(join(REPO_ROOT, 'package-lock.json')).mtimeMs;
  if (existsSync(INSTALLED_LOCK) && statSync(INSTALLED_LOCK).mtimeMs >= lockTime) return;
  console.log('[setup] installing npm packages (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[setup] npm ci failed');
    process.exit(result.status ?? 1);
  }
}

/** Lets the rest of the script import TypeScript (the packages export their sources). */
export async function registerTypeScript() {
  const { register } = await import('tsx/esm/api');
  register();
}
