import { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { parseDatabaseUrl, type DatabaseLocation } from './database-url.ts';
import { ormOptions } from './orm/options.ts';
import { registerOrm } from './orm/registry.ts';
import { rootSession, runWrite, transactionSession } from './orm/session.ts';
import { createRepositories, type Repositories } from './repositories/index.ts';

/**
 * An open database: the repositories (each call is its own unit of work on a fresh EntityManager fork), a way to
 * group calls into one write transaction, a health check, and `close()`. Everything returned is plain data.
 */
export interface Database extends Repositories {
  readonly dialect: DatabaseLocation['dialect'];
  /**
   * Runs `work` in one write transaction with the repositories bound to it, and commits when it resolves. On SQLite
   * the transaction begins IMMEDIATE and is retried when another process holds the write lock, so `work` may run more
   * than once: keep it short and free of side effects outside the database.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** True when a trivial query succeeds within `timeoutMs`. Never throws. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Closes the connection pool; the handle is unusable afterwards. */
  close(): Promise<void>;
}

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Base directory of a relative `sqlite://` path; the current directory by default. */
  readonly cwd?: string;
  /** PostgreSQL pool size (default 10). */
  readonly poolMax?: number;
  /**
   * How often a write transaction is attempted when the database stays busy beyond SQLite's busy timeout (or a
   * PostgreSQL deadlock picks it as victim). Default 8; 1 disables retries (tests use it to prove the lock waits alone
   * suffice).
   */
  readonly maxWriteAttempts?: number;
}

/**
 * Opens the database named by `url` (`sqlite://<path>` or `postgres://…`). It does not migrate: run
 * `csms-db migrate` (or {@link migrateDatabase}) first.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const location = parseDatabaseUrl(url, options.cwd);
  const orm = await MikroORM.init(ormOptions(location, { poolMax: options.poolMax }));
  const dialect = location.dialect;
  const database: Database = {
    dialect,
    ...createRepositories(rootSession(orm, dialect, options.maxWriteAttempts)),
    transaction: (work) =>
      runWrite(
        orm,
        (em: SqlEntityManager) => work(createRepositories(transactionSession(em, dialect))),
        options.maxWriteAttempts,
      ),
    ping: async (timeoutMs = 2000) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const query = orm.em
        .fork({ useContext: false })
        .getConnection()
        .execute('select 1 as ok')
        .then(() => true)
        .catch(() => false);
      try {
        return await Promise.race([query, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => orm.close(true),
  };
  registerOrm(database, orm);
  return database;
}
