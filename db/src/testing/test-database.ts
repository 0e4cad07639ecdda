import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, type Database } from '../database.ts';
import { migrateDatabase } from '../migrate.ts';
import { ormOf } from '../orm/registry.ts';

/** A migrated database of its own for one test file; `close()` also deletes it. */
export interface TestDatabase extends Database {
  /** The `DATABASE_URL` of this database, for child processes and the CLI. */
  readonly url: string;
  /** The SQLite file (absent on PostgreSQL). */
  readonly file?: string;
}

/** Options for {@link createTestDatabase}. */
export interface TestDatabaseOptions {
  /** Leave the schema empty instead of applying the migrations. */
  readonly migrate?: boolean;
}

async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `csms_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase(serverUrl, { poolMax: 1 });
  try {
    await ormOf(admin).em.getConnection().execute(`create database "${name}"`);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = await openDatabase(serverUrl, { poolMax: 1 });
      try {
        const drop = () => ormOf(dropper).em.getConnection().execute(`drop database if exists "${name}" with (force)`);
        // FORCE may only end backends of our own role, and a backend still starting up has none yet (PostgreSQL
        // 15 then refuses with 42501): a connection a child process opened as it was stopped. Such a backend
        // either finishes its start (and can be ended) or goes away within moments, so the drop is tried again.
        for (let attempt = 1; ; attempt++) {
          try {
            await drop();
            break;
          } catch (error) {
            const { code, previous } = error as { code?: unknown; previous?: { code?: unknown } };
            if ((code ?? previous?.code) !== '42501' || attempt >= 50) throw error;
            await sleep(100);
          }
        }
      } finally {
        await dropper.close();
      }
    },
  };
}

/**
 * A fresh, migrated, isolated database: a SQLite file in a temporary folder by default, or, when
 * `TEST_POSTGRES_URL` is set, a uniquely named database on that PostgreSQL server. Closing drops it.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  let url: string;
  let file: string | undefined;
  let cleanup: () => Promise<void>;
  if (serverUrl) {
    const created = await createPostgresDatabase(serverUrl);
    url = created.url;
    cleanup = created.drop;
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'csms-db-'));
    file = join(dir, 'csms.sqlite');
    url = `sqlite://${file}`;
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
  const database = await openDatabase(url);
  if (options.migrate !== false) await migrateDatabase(database);
  const close = database.close;
  const handle: TestDatabase = Object.assign(database, {
    url,
    file,
    close: async () => {
      await close();
      await cleanup();
    },
  });
  return handle;
}
