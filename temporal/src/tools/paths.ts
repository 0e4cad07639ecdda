import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `temporal/src/tools/`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Project-local folder for Go-built tools; git-ignored. Override with `CSMS_TOOLS_DIR`. */
export function toolsBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CSMS_TOOLS_DIR ?? resolve(REPO_ROOT, '.tools'), 'bin');
}
