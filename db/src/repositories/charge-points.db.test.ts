import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

describe('charge point repository', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('creates a station with defaults and returns plain data', async () => {
    const created = await db.chargePoints.create('CP-1', { name: 'Garage', pricing: { pricePerMwhMinor: 35_900 } });
    expect(Object.getPrototypeOf(created)).toBe(Object.prototype);
    expect(created).toMatchObject({ id: 'CP-1', name: 'Garage', online: false, connectionEpoch: 0, deletedAt: null });
    expect(created.pricing).toEqual({
      currency: 'EUR',
      pricePerMwhMinor: 35_900,
      maxEnergyWh: null,
      sessionFeeMinor: 0,
      usageFeePerMinuteMinor: 0,
      usageFeeFrom: 'sessionStart',
      freeMinutes: 0,
      maxBillableMinutes: null,
      freeCharging: false,
    });
    const read = await db.chargePoints.get('CP-1');
    expect(read?.createdAt).toBeInstanceOf(Date);
    expect(read?.createdAt.getTime()).toBe(created.createdAt.getTime());
  });

  it('refuses duplicates, bad ids and clear-text passwords', async () => {
    await expect(db.chargePoints.create('CP-1', { name: 'again' })).rejects.toBeInstanceOf(ConflictError);
    for (const id of ['', 'a/b', 'has space', 'a:b', 'x'.repeat(49), 'ü']) {
      await expect(db.chargePoints.create(id, { name: 'x' })).rejects.toBeInstanceOf(InvalidInputError);
    }
    await expect(
      db.chargePoints.create('CP-2', { name: 'x', basicAuthPasswordHash: 'plain-password-here' }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(db.chargePoints.update('nope', { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('records boot data and keeps UTC times exact', async () => {
    const at = new Date('2026-03-01T12:34:56.789Z');
    await db.chargePoints.recordBoot('CP-1', { vendor: 'ACME', model: 'Wallbox', iccid: '8949', reason: 'PowerUp' }, at);
    const cp = await db.chargePoints.get('CP-1');
    expect(cp?.boot).toMatchObject({ vendor: 'ACME', model: 'Wallbox', iccid: '8949', reason: 'PowerUp', imsi: null });
    expect(cp?.bootedAt?.toISOString()).toBe('2026-03-01T12:34:56.789Z');
  });

  it('lets only the current connection mark a station offline', async () => {
    const at = new Date();
    const first = await db.chargePoints.markConnected('CP-1', { nodeId: 'node-a', protocol: 'ocpp1.6', at });
    const second = await db.chargePoints.markConnected('CP-1', { nodeId: 'node-b', protocol: 'ocpp2.0.1', at });
    expect(second).toBe(first + 1);
    expect(await db.chargePoints.markDisconnected('CP-1', first, at)).toBe(false);
    expect(await db.chargePoints.get('CP-1')).toMatchObject({ online: true, nodeId: 'node-b', protocol: 'ocpp2.0.1' });
    expect(await db.chargePoints.markDisconnected('CP-1', second, at)).toBe(true);
    expect(await db.chargePoints.get('CP-1')).toMatchObject({ online: false, nodeId: null });
    await db.chargePoints.markConnected('CP-1', { nodeId: 'node-c', protocol: 'ocpp1.6', at });
    expect(await db.chargePoints.markNodeOffline('node-c', at)).toBe(1);
    expect((await db.chargePoints.get('CP-1'))?.online).toBe(false);
  });

  it('registers an unknown station as pending once, and never revives a deleted one', async () => {
    const at = new Date('2026-04-01T00:00:00.000Z');
    const [a, b] = await Promise.all([
      db.chargePoints.registerPending('NEW-1', { heartbeatInterval: 120, at }),
      db.chargePoints.registerPending('NEW-1', { heartbeatInterval: 120, at }),
    ]);
    expect(a).toMatchObject({ id: 'NEW-1', name: 'NEW-1', registrationStatus: 'Pending', heartbeatInterval: 120 });
    expect(b?.registrationStatus).toBe('Pending');
    const accepted = await db.chargePoints.update('NEW-1', { registrationStatus: 'Accepted' });
    expect(accepted.registrationStatus).toBe('Accepted');
    expect((await db.chargePoints.registerPending('NEW-1', { heartbeatInterval: 120, at }))?.registrationStatus).toBe('Accepted');
    await db.chargePoints.remove('NEW-1');
    expect(await db.chargePoints.registerPending('NEW-1', { heartbeatInterval: 120, at })).toBeNull();
    expect(await db.chargePoints.get('NEW-1')).toBeNull();
    expect((await db.chargePoints.get('CP-1'))?.registrationStatus).toBe('Accepted');
    await expect(db.chargePoints.update('CP-1', { registrationStatus: 'Maybe' as never })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('updates last-seen times of many stations at once', async () => {
    await db.chargePoints.create('SEEN-1', { name: 'a' });
    await db.chargePoints.create('SEEN-2', { name: 'b' });
    const at = new Date('2026-05-05T05:05:05.005Z');
    expect(await db.chargePoints.markSeenMany(['SEEN-1', 'SEEN-2', 'nobody'], at)).toBe(2);
    expect((await db.chargePoints.get('SEEN-2'))?.lastSeenAt?.toISOString()).toBe(at.toISOString());
    expect(await db.chargePoints.markSeenMany([], at)).toBe(0);
  });

  it('soft-deletes, hides, and restores on re-add', async () => {
    await db.chargePoints.create('CP-3', { name: 'Temp' });
    await db.chargePoints.remove('CP-3');
    expect(await db.chargePoints.get('CP-3')).toBeNull();
    expect((await db.chargePoints.list()).map((cp) => cp.id)).not.toContain('CP-3');
    const all = await db.chargePoints.list({ includeDeleted: true });
    expect(all.find((cp) => cp.id === 'CP-3')?.deletedAt).toBeInstanceOf(Date);
    await expect(db.chargePoints.remove('CP-3')).rejects.toBeInstanceOf(NotFoundError);
    const restored = await db.chargePoints.create('CP-3', { name: 'Back' });
    expect(restored).toMatchObject({ name: 'Back', deletedAt: null });
    await db.chargePoints.remove('CP-3', { purge: true });
    expect(await db.chargePoints.list({ includeDeleted: true })).not.toContainEqual(expect.objectContaining({ id: 'CP-3' }));
  });

  it('updates pricing and validates it', async () => {
    const updated = await db.chargePoints.update('CP-1', { pricing: { currency: 'CHF', maxEnergyWh: 30_000 } });
    expect(updated.pricing).toMatchObject({ currency: 'CHF', maxEnergyWh: 30_000, pricePerMwhMinor: 35_900 });
    await expect(db.chargePoints.update('CP-1', { pricing: { sessionFeeMinor: 1.5 } })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });
});
