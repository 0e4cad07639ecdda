import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

/** A PostgreSQL 15 cluster of the suite's own, so it can be killed with -9 and started again (crash recovery). */
export interface PrivatePostgres {
  /** `postgres://csms@127.0.0.1:<port>/<database>` */
  readonly url: string;
  kill(): void;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Why a private cluster cannot run here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  if (!existsSync(join(BIN, 'initdb'))) return `no PostgreSQL 15 binaries in ${BIN}`;
  if (process.getuid?.() === 0 && runAs() === undefined) return 'running as root and there is no "postgres" user to run the cluster as';
  return undefined;
}

/** initdb refuses root: as root the cluster runs as the `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Creates a cluster in a temporary folder, starts it on `port` (127.0.0.1 only) and creates `database`. */
export async function startPrivatePostgres(port: number, database: string): Promise<PrivatePostgres> {
  const user = runAs();
  const dir = await mkdtemp(join(tmpdir(), 'csms-pg-'));
  const data = join(dir, 'data');
  if (user) await chown(dir, user.uid, user.gid);
  await chmod(dir, 0o700);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const init = spawnSync(join(BIN, 'initdb'), ['-D', data, '-U', 'csms', '--auth=trust', '-E', 'UTF8', '--no-sync'], { ...as, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    // fsync off: a killed process loses nothing the kernel already has; only a machine crash would
    child = spawn(join(BIN, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'], {
      ...as,
      detached: true,
      stdio: 'ignore',
    });
    const current = child;
    exited = new Promise((resolve) => current.once('exit', () => resolve()));
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (current.exitCode !== null) throw new Error(`postgres exited with ${current.exitCode} while starting`);
      if (spawnSync(join(BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'csms'], { stdio: 'ignore' }).status === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('postgres did not accept connections in time');
  };
  const killGroup = (signal: NodeJS.Signals) => {
    if (child?.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // gone
    }
  };

  await start();
  const created = spawnSync(join(BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'csms', '-d', 'postgres', '-c', `create database "${database}"`], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`create database failed: ${created.stderr}`);

  return {
    url: `postgres://csms@127.0.0.1:${port}/${database}`,
    kill: () => killGroup('SIGKILL'),
    restart: async () => {
      await exited;
      await start();
    },
    stop: async () => {
      // fast shutdown; the group (backends included) goes after a grace period
      killGroup('SIGINT');
      const timer = setTimeout(() => killGroup('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      killGroup('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
