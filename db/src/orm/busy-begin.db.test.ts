import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-driver.ts';

const HOLDER = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/hold-write-lock.ts');

/**
 * Found by the chaos suite: on SQLite, a write transaction whose BEGIN IMMEDIATE waited out the busy timeout failed
 * with "Transaction query already complete" (knex swallowed the BEGIN's SQLITE_BUSY and handed out a finished
 * transaction), which was not retried; every gateway write failed once another process held the database for more
 * than 5 s. Now it is retried like any busy BEGIN and commits once the database takes writes again.
 */
describe('a write transaction while another process holds the database longer than the busy timeout', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('waits, retries and commits once the other process lets go', async () => {
    const holder = fork(HOLDER, [db.url, String(SQLITE_BUSY_TIMEOUT_MS + 3000)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const messages: Record<string, unknown>[] = [];
    holder.on('message', (message) => messages.push(message as Record<string, unknown>));
    try {
      await expect.poll(() => messages, { timeout: 60_000 }).toContainEqual({ locked: true });
      const created = await db.transaction(async (tx) => tx.chargePoints.create('AFTER-LOCK', { name: 'written after the lock' }));
      expect(created.id).toBe('AFTER-LOCK');
      // it went through only once the holder had let go
      expect(messages).toContainEqual({ released: true });
      expect(await db.chargePoints.get('AFTER-LOCK')).toMatchObject({ name: 'written after the lock' });
    } finally {
      if (holder.exitCode === null) holder.kill();
    }
  }, 120_000);
});
