import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlockException, LockWaitTimeoutException, type MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

/**
 * How repositories reach the database: `read` runs queries on a fresh EntityManager fork, `write` runs them in one
 * short write transaction. Inside `Database.transaction` both share that transaction.
 */
export interface Session {
  readonly dialect: 'sqlite' | 'postgresql';
  read<T>(work: (em: SqlEntityManager) => Promise<T>): Promise<T>;
  write<T>(work: (em: SqlEntityManager) => Promise<T>): Promise<T>;
}

/** Default attempts of a write transaction that met a busy database (SQLite) or a deadlock (PostgreSQL). */
export const DEFAULT_WRITE_ATTEMPTS = 8;

function isRetryable(error: unknown): boolean {
  if (error instanceof LockWaitTimeoutException || error instanceof DeadlockException) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === '40001' || code === '40P01';
}

/**
 * Runs `work` in a write transaction on a fresh fork, retrying when the database was busy. SQLite transactions begin
 * IMMEDIATE, so a busy error comes from BEGIN, before `work` ran; PostgreSQL rolls back a deadlock victim entirely.
 * Either way a retry repeats nothing that was committed.
 */
export async function runWrite<T>(
  orm: MikroORM,
  work: (em: SqlEntityManager) => Promise<T>,
  maxAttempts: number = DEFAULT_WRITE_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const em = orm.em.fork({ clear: true, useContext: false }) as SqlEntityManager;
    try {
      return await em.transactional((tx) => work(tx as SqlEntityManager));
    } catch (error) {
      if (!isRetryable(error) || attempt >= maxAttempts) throw error;
      await sleep(Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

/** The session of a database handle: every call is its own unit of work. */
export function rootSession(orm: MikroORM, dialect: Session['dialect'], maxAttempts = DEFAULT_WRITE_ATTEMPTS): Session {
  return {
    dialect,
    read: (work) => work(orm.em.fork({ clear: true, useContext: false }) as SqlEntityManager),
    write: (work) => runWrite(orm, work, maxAttempts),
  };
}

/**
 * The session inside one transaction: each call runs on its own fork that shares the transaction, and a write is
 * flushed when its work is done, as a write of the root session is committed. One identity map for the whole
 * transaction made every flush walk every entity the earlier calls had loaded: the gateway's writer runs hundreds of
 * calls in one transaction (a batch of StartTransactions), and that walk made the batch quadratic in its size.
 */
export function transactionSession(em: SqlEntityManager, dialect: Session['dialect']): Session {
  const fork = () => em.fork({ clear: true, useContext: false, keepTransactionContext: true }) as SqlEntityManager;
  return {
    dialect,
    read: (work) => work(fork()),
    write: async (work) => {
      const own = fork();
      const result = await work(own);
      await own.flush();
      return result;
    },
  };
}
