import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` while holding an exclusive lock file (`<path>` holds the owner's pid), so that several processes
 * wanting the same tool at once (a test run, the start command, a second test run) build it once instead of running
 * one multi-minute `go install` each. A lock left by a process that died is taken over.
 */
export async function withBuildLock<T>(path: string, work: () => Promise<T>, onWait: () => void): Promise<T> {
  let announced = false;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
        await rm(path, { force: true });
        continue;
      }
      if (!announced) onWait();
      announced = true;
      // polling a lock file: there is no portable file-lock wait in Node
      await delay(1_000);
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
