import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NotFoundError } from '@csms/db';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { GroupCommit } from './group-commit.ts';

describe('GroupCommit', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    for (let i = 0; i < 50; i++) await db.chargePoints.create(`GC-${i}`, { name: `station ${i}` });
  });
  afterAll(() => db?.close());

  it('writes a burst of operations in a few transactions, in submission order', async () => {
    const spy = vi.spyOn(db, 'transaction');
    const writes = new GroupCommit(db, { maxBatch: 20 });
    const at = new Date();
    const epochs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => writes.run((tx) => tx.chargePoints.markConnected(`GC-${i}`, { nodeId: 'n', protocol: 'ocpp1.6', at }))),
    );
    expect(epochs.every((e) => e === 1)).toBe(true);
    expect(spy.mock.calls.length).toBe(3);
    // connect then disconnect of the same station stay in order
    const [epoch, gone] = await Promise.all([
      writes.run((tx) => tx.chargePoints.markConnected('GC-0', { nodeId: 'n', protocol: 'ocpp1.6', at })),
      writes.run((tx) => tx.chargePoints.markDisconnected('GC-0', 2, at)),
    ]);
    expect([epoch, gone]).toEqual([2, true]);
    spy.mockRestore();
  });

  it('lets a failing operation fail alone', async () => {
    const writes = new GroupCommit(db);
    const at = new Date();
    const results = await Promise.allSettled([
      writes.run((tx) => tx.chargePoints.recordBoot('GC-1', { vendor: 'A' }, at)),
      writes.run((tx) => tx.chargePoints.recordBoot('NO-SUCH-STATION', { vendor: 'B' }, at)),
      writes.run((tx) => tx.chargePoints.recordBoot('GC-2', { vendor: 'C' }, at)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
    expect((await db.chargePoints.get('GC-2'))?.boot.vendor).toBe('C');
    await writes.flush();
  });
});
