import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

const WRITER = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/concurrent-writer.ts');
const PER_WRITER = 60;

function nextMessage(child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`writer exited with ${code} before reporting`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as Record<string, unknown>);
    });
  });
}

describe('three processes writing one database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create('shared', { name: 'shared by three writers' });
  });
  afterAll(() => db.close());

  it('lose and fail no write, and draw gap-free outbox sequence numbers', async () => {
    const writers = ['w1', 'w2', 'w3'].map((name) =>
      fork(WRITER, [db.url, name, String(PER_WRITER)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
    );
    try {
      expect(await Promise.all(writers.map(nextMessage))).toEqual([{ ready: true }, { ready: true }, { ready: true }]);
      const finished = Promise.all(writers.map(nextMessage));
      for (const writer of writers) writer.send('go');
      expect(await finished).toEqual([{ done: true }, { done: true }, { done: true }]);
    } finally {
      for (const writer of writers) if (writer.exitCode === null) writer.kill();
    }

    const transactions = await db.transactions.list({ chargePointId: 'shared', limit: 10_000 });
    expect(transactions).toHaveLength(3 * PER_WRITER);
    for (const writer of ['w1', 'w2', 'w3']) {
      expect(transactions.filter((t) => t.startTag === writer).map((t) => t.meterStartWh).sort((a, b) => a - b)).toEqual(
        Array.from({ length: PER_WRITER }, (_, i) => i),
      );
    }
    const events = await db.outbox.listForWorkflow('shared-session');
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 3 * PER_WRITER }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.payload.tx)).size).toBe(3 * PER_WRITER);
    const log = await db.messageLog.list({ chargePointId: 'shared', limit: 10_000 });
    expect(log).toHaveLength(3 * PER_WRITER * 2);
  });
});
