import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Session } from '../orm/session.ts';
import { sqlDialect, type SqlDialect } from './sql-dialect.ts';

/** A parameter as the drivers take it (dates and booleans already encoded for the dialect). */
export type SqlValue = string | number | boolean | Date | null;

/**
 * Statements run on the driver's own connection, prepared once per connection and then only bound and executed:
 * the gateway's hot path writes hundreds of rows per batch, and building each through the ORM (or re-parsing a
 * 2,000-parameter INSERT through knex) cost more than the database work itself.
 */
export interface DriverStatements {
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params: readonly SqlValue[]): Promise<number>;
  /** Runs a query (or a statement with RETURNING); resolves with its rows. */
  all<R>(sql: string, params: readonly SqlValue[]): Promise<R[]>;
}

interface SqliteStatement {
  run(params: readonly SqlValue[], callback: (this: { changes: number }, error: Error | null) => void): void;
  all(params: readonly SqlValue[], callback: (error: Error | null, rows: unknown[]) => void): void;
  finalize(callback?: () => void): void;
}
interface SqliteConnection {
  prepare(sql: string, callback: (error: Error | null) => void): SqliteStatement;
}
interface PgConnection {
  query(config: { name: string; text: string; values: readonly SqlValue[] }): Promise<{ rowCount: number | null; rows: unknown[] }>;
}

const sqliteStatements = new WeakMap<object, Map<string, Promise<SqliteStatement>>>();
// one name per statement text for every PostgreSQL connection; pg prepares it on a connection's first use
const pgNames = new Map<string, string>();

function sqlite(connection: SqliteConnection): DriverStatements {
  let cache = sqliteStatements.get(connection);
  if (!cache) sqliteStatements.set(connection, (cache = new Map()));
  const statements = cache;
  const prepared = (sql: string): Promise<SqliteStatement> => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = new Promise<SqliteStatement>((resolve, reject) => {
        const created = connection.prepare(sql, (error) => (error ? reject(error) : resolve(created)));
      });
      statements.set(sql, statement);
      statement.catch(() => statements.delete(sql));
    }
    return statement;
  };
  return {
    run: async (sql, params) => {
      const statement = await prepared(sql);
      return new Promise<number>((resolve, reject) =>
        statement.run(params, function (error) {
          if (error) reject(error);
          else resolve(this.changes);
        }),
      );
    },
    all: async <R>(sql: string, params: readonly SqlValue[]) => {
      const statement = await prepared(sql);
      return new Promise<R[]>((resolve, reject) => statement.all(params, (error, rows) => (error ? reject(error) : resolve(rows as R[]))));
    },
  };
}

function postgres(connection: PgConnection): DriverStatements {
  const named = (sql: string) => {
    let name = pgNames.get(sql);
    if (!name) pgNames.set(sql, (name = `csms_bulk_${pgNames.size + 1}`));
    return name;
  };
  return {
    run: async (sql, params) => (await connection.query({ name: named(sql), text: sql, values: params })).rowCount ?? 0,
    all: async <R>(sql: string, params: readonly SqlValue[]) => (await connection.query({ name: named(sql), text: sql, values: params })).rows as R[],
  };
}

/**
 * Finalizes the statements prepared on a SQLite connection (SQLite refuses to close a connection that still has
 * some); the driver calls it before closing a connection.
 */
export async function finalizeStatements(connection: object): Promise<void> {
  const statements = sqliteStatements.get(connection);
  sqliteStatements.delete(connection);
  if (!statements) return;
  for (const pending of statements.values()) {
    const statement = await pending.catch(() => undefined);
    if (statement) await new Promise<void>((resolve) => statement.finalize(() => resolve()));
  }
}

interface KnexClient {
  acquireConnection(): Promise<object>;
  releaseConnection(connection: object): Promise<void>;
}

/**
 * Runs `work` with statements on the driver connection of `em`: the transaction's own connection inside
 * `Database.transaction` (so the rows commit with everything else), else one borrowed from the pool for the call.
 */
export async function withDriverStatements<T>(
  em: SqlEntityManager,
  dialect: 'sqlite' | 'postgresql',
  work: (statements: DriverStatements) => Promise<T>,
): Promise<T> {
  const wrap = (connection: object) => (dialect === 'sqlite' ? sqlite(connection as SqliteConnection) : postgres(connection as PgConnection));
  const transaction = em.getTransactionContext<{ client: KnexClient }>();
  if (transaction) return work(wrap(await transaction.client.acquireConnection()));
  const client = (em.getConnection().getKnex() as unknown as { client: KnexClient }).client;
  const connection = await client.acquireConnection();
  try {
    return await work(wrap(connection));
  } finally {
    await client.releaseConnection(connection);
  }
}

/** A session's driver statements and dialect: `read` and `write` run `work` where the session's own would run. */
export interface SessionStatements {
  readonly dialect: SqlDialect;
  read<T>(work: (statements: DriverStatements) => Promise<T>): Promise<T>;
  write<T>(work: (statements: DriverStatements) => Promise<T>): Promise<T>;
}

/** The driver statements of a session: inside `Database.transaction`, that transaction's connection. */
export function sessionStatements(session: Session): SessionStatements {
  return {
    dialect: sqlDialect(session.dialect),
    read: (work) => session.read((em) => withDriverStatements(em, session.dialect, work)),
    write: (work) => session.write((em) => withDriverStatements(em, session.dialect, work)),
  };
}
