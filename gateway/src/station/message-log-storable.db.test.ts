import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { recordingLogger } from '../actor/test-kit.ts';
import { MessageLogWriter } from './message-log-writer.ts';

/*
 * Regression found by the OCPP frame fuzzer: one junk frame with a U+0000 (or an unknown action longer than the
 * column) failed the whole message log batch, on every retry, so nothing more was logged on that node.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.chargePoints.create('LOG-1', { name: 'log' });
});
afterAll(() => db?.close());

describe('MessageLogWriter on a real database', () => {
  it('stores junk frames with U+0000 and overlong actions beside the good ones', async () => {
    const logger = recordingLogger();
    const writer = new MessageLogWriter({ level: 'verbose', logger, flushIntervalMs: 60_000, insertMany: (e) => db.messageLog.insertMany(e) });
    const tap = writer.observer('LOG-1')!;
    tap('in', '[2,"a\u0000","Heartbeat",{}', undefined);
    tap('in', '[2,"b","Boot\u0000Notification",{}]', 'Boot\u0000Notification');
    tap('in', `[2,"c","${'X'.repeat(200)}",{}]`, 'X'.repeat(200));
    tap('out', '[4,"c","NotImplemented","unknown",{}]', 'X'.repeat(200));
    tap('in', '[2,"d","Heartbeat",{}]', 'Heartbeat');
    await writer.close();
    expect(logger.entries.filter((e) => e.level === 'warn')).toEqual([]);
    const rows = await db.messageLog.list({ chargePointId: 'LOG-1' });
    expect(rows.map((r) => [r.uniqueId, r.action])).toEqual([
      ['d', 'Heartbeat'],
      ['c', 'X'.repeat(60)],
      ['c', 'X'.repeat(60)],
      ['b', 'Boot\ufffdNotification'],
      ['a\ufffd', null],
    ]);
    expect(rows.at(-1)?.payload).toBe('[2,"a\ufffd","Heartbeat",{}');
  });
});
