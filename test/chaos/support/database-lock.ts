import type { Database } from '@csms/db';
import { ormOf } from '../../../db/src/orm/registry.ts';
import { runWrite } from '../../../db/src/orm/session.ts';

/** When the database was unwritable. */
export interface LockWindow {
  readonly heldFrom: number;
  readonly heldUntil: number;
}

/** A held lock; `release()` ends it. */
export interface DatabaseLock {
  readonly heldFrom: number;
  release(): Promise<LockWindow>;
}

/**
 * Makes the database unwritable from a connection of its own, as another process holding it would: SQLite, a write
 * transaction held open (BEGIN IMMEDIATE: every other writer waits, readers go on); PostgreSQL, every table of the
 * schema locked IN EXCLUSIVE MODE (writes wait, reads go on). Resolves once the lock is held. Reads for checks must
 * not run inside the locking transaction's async context (MikroORM would hand them its transaction), hence the
 * separate `release()`.
 */
export async function lockDatabase(url: string, open: (url: string) => Promise<Database>): Promise<DatabaseLock> {
  const locker = await open(url);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: (at: number) => void;
  const heldAt = new Promise<number>((resolve) => (held = resolve));
  const done = runWrite(ormOf(locker), async (em) => {
    if (locker.dialect === 'postgresql') {
      const tables = await em.execute<{ tablename: string }[]>(
        `select tablename from pg_tables where schemaname = current_schema() and tablename <> 'mikro_orm_migrations'`,
      );
      await em.execute(`lock table ${tables.map((t) => `"${t.tablename}"`).join(', ')} in exclusive mode`);
    }
    held(Date.now());
    await released;
    return Date.now();
  });
  const failed = done.then(() => {
    throw new Error('the lock ended before it was held');
  });
  try {
    const heldFrom = await Promise.race([heldAt, failed]);
    return {
      heldFrom,
      release: async () => {
        release();
        const heldUntil = await done;
        await locker.close();
        return { heldFrom, heldUntil };
      },
    };
  } catch (error) {
    await locker.close();
    throw error;
  }
}
