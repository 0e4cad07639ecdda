import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './ipc.ts';

/** The installed version of a package in the repository's node_modules, or "?" when it is not there. */
export function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}
