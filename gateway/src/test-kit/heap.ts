import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The heap in use after full garbage collections, in MB: what a test of "does not grow the heap" compares. Without
 * forced collections the figure swings by ±90 MB with the collector's timing (measured on the meter burst), far more
 * than the leaks the tests look for. The `gc` function comes from a fresh context once the flag is set, so the
 * test workers need no `--expose-gc`.
 */
export function heapAfterGcMb(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
