import type { Configuration } from '@mikro-orm/core';
import { AbstractSqlDriver, SqliteConnection, SqliteKnexDialect, SqlitePlatform } from '@mikro-orm/sqlite';
import { finalizeStatements } from '../bulk/driver-statements.ts';

/** How long a statement waits for another process's write lock before SQLite reports SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

interface KnexTransaction {
  query(connection: unknown, sql: string): Promise<unknown>;
  begin(connection: unknown): Promise<unknown>;
  /** Set by knex before `begin` runs: the client bound to the transaction's connection. */
  trxClient?: { query(connection: unknown, sql: string): Promise<unknown> };
}

/**
 * Begins every transaction IMMEDIATE: it takes the write lock up front (waiting `busy_timeout` for it), so a
 * read-then-write transaction cannot fail with SQLITE_BUSY_SNAPSHOT when another process committed in between.
 * Savepoints of nested transactions are unaffected (knex calls `begin` only for the outermost one).
 *
 * BEGIN runs on the transaction's client directly, not through `Transaction.query`: that one swallows a failed BEGIN
 * (SQLITE_BUSY after the busy timeout) and hands out a transaction that is already complete, so the work failed
 * with "Transaction query already complete", which is not retried. This way the BEGIN's own SQLITE_BUSY rejects the
 * transaction before any work ran, and `runWrite` retries it.
 */
class ImmediateSqliteKnexDialect extends SqliteKnexDialect {
  transaction(...args: unknown[]): KnexTransaction {
    const transaction = (super.transaction as (...a: unknown[]) => KnexTransaction)(...args);
    transaction.begin = (connection) => transaction.trxClient!.query(connection, 'BEGIN IMMEDIATE;');
    return transaction;
  }

  // SQLite refuses to close a connection with prepared statements left (the bulk writes keep theirs)
  async destroyRawConnection(connection: object): Promise<void> {
    await finalizeStatements(connection);
    await (super.destroyRawConnection as (c: object) => Promise<void>)(connection);
  }
}

interface RawSqliteConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
}

class ImmediateSqliteConnection extends SqliteConnection {
  override createKnex(): void {
    this.client = this.createKnexClient(ImmediateSqliteKnexDialect as unknown as string);
    this.connected = true;
  }

  protected override getKnexOptions(type: string) {
    const options = super.getKnexOptions(type);
    return {
      ...options,
      pool: {
        ...(options.pool ?? {}),
        // every process opens its own connection to the shared file; WAL lets readers run beside one writer
        afterCreate: (connection: RawSqliteConnection, done: (error: Error | null, connection: unknown) => void) => {
          connection.exec(
            `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 10000;`,
            (error) => done(error, connection),
          );
        },
      },
    };
  }
}

/** `@mikro-orm/sqlite` (asynchronous sqlite3) with WAL, a busy timeout and IMMEDIATE transactions. */
export class CsmsSqliteDriver extends AbstractSqlDriver<ImmediateSqliteConnection, SqlitePlatform> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), ImmediateSqliteConnection, ['knex', 'sqlite3']);
  }
}
