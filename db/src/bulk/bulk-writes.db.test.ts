import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

let db: TestDatabase;
const T = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, s));

beforeAll(async () => {
  db = await createTestDatabase();
  for (const id of ['B1', 'B2', 'B3', 'GONE']) await db.chargePoints.create(id, { name: id });
  await db.chargePoints.remove('GONE');
});
afterAll(() => db?.close());

describe('bulk writes of the hot path', () => {
  it('marks stations connected with one new epoch per connection, in order, and reports unknown ones', async () => {
    const epochs = await db.bulk.markConnected([
      { chargePointId: 'B1', nodeId: 'n1', protocol: 'ocpp1.6', at: T(1) },
      { chargePointId: 'B2', nodeId: 'n1', protocol: 'ocpp2.0.1', at: T(1) },
      { chargePointId: 'B1', nodeId: 'n2', protocol: 'ocpp1.6', at: T(2) },
      { chargePointId: 'GONE', nodeId: 'n1', protocol: 'ocpp1.6', at: T(2) },
      { chargePointId: 'NOPE', nodeId: 'n1', protocol: 'ocpp1.6', at: T(2) },
    ]);
    expect(epochs).toEqual([1, 1, 2, null, null]);
    expect(await db.chargePoints.get('B1')).toMatchObject({ online: true, nodeId: 'n2', connectionEpoch: 2, connectedAt: T(2), lastSeenAt: T(2) });
    expect(await db.chargePoints.get('B2')).toMatchObject({ online: true, protocol: 'ocpp2.0.1' });
  });

  it("clears the reason the sweeper recorded when a station connects again (a lapsed node's station on another node)", async () => {
    await db.chargePoints.create('SWEPT', { name: 'SWEPT' });
    await db.gatewayNodes.start('n-dead', T(0), 1000);
    await db.bulk.markConnected([{ chargePointId: 'SWEPT', nodeId: 'n-dead', protocol: 'ocpp1.6', at: T(0) }]);
    expect((await db.gatewayNodes.sweepExpired(T(5))).map((node) => node.nodeId)).toEqual(['n-dead']);
    expect((await db.chargePoints.get('SWEPT'))?.offlineReason).toMatch(/^gateway node n-dead stopped renewing its lease/);
    await db.bulk.markConnected([{ chargePointId: 'SWEPT', nodeId: 'n-live', protocol: 'ocpp1.6', at: T(6) }]);
    expect(await db.chargePoints.get('SWEPT')).toMatchObject({ online: true, nodeId: 'n-live', offlineReason: null });
  });

  it('marks a station offline only while its epoch is current', async () => {
    expect(await db.bulk.markDisconnected([{ chargePointId: 'B1', epoch: 1, at: T(3) }, { chargePointId: 'B2', epoch: 1, at: T(3) }])).toEqual([false, true]);
    expect(await db.chargePoints.get('B1')).toMatchObject({ online: true, nodeId: 'n2' });
    expect(await db.chargePoints.get('B2')).toMatchObject({ online: false, nodeId: null, lastSeenAt: T(3) });
  });

  it('stores boots of either shape, keeps fields a version does not report, and refuses deleted stations', async () => {
    const full = { vendor: 'V', model: 'M', chargePointSerialNumber: 'S1', chargeBoxSerialNumber: 'BOX', firmwareVersion: '1.0', iccid: null, imsi: null, meterType: 'MT', meterSerialNumber: 'MS', reason: null };
    expect(await db.bulk.recordBoots([{ chargePointId: 'B1', boot: full, at: T(4) }, { chargePointId: 'GONE', boot: full, at: T(4) }])).toEqual([true, false]);
    // a 2.x boot does not report chargeBoxSerialNumber, meterType, meterSerialNumber: they stay
    expect(await db.bulk.recordBoots([{ chargePointId: 'B1', boot: { vendor: 'V2', model: 'M2', chargePointSerialNumber: null, firmwareVersion: '2.0', iccid: null, imsi: null, reason: 'PowerUp' }, at: T(5) }])).toEqual([true]);
    const b1 = await db.chargePoints.get('B1');
    expect(b1?.boot).toEqual({ ...full, vendor: 'V2', model: 'M2', chargePointSerialNumber: null, firmwareVersion: '2.0', reason: 'PowerUp' });
    expect(b1).toMatchObject({ bootedAt: T(5), lastSeenAt: T(5) });
  });

  it('upserts connector statuses (the last report per connector wins) and live values without losing the others', async () => {
    await db.bulk.recordConnectorStatuses([
      { chargePointId: 'B1', evseId: 1, connectorId: 1, ocppStatus: 'Preparing', errorCode: null, info: null, at: T(6) },
      { chargePointId: 'B1', evseId: 2, connectorId: 1, ocppStatus: 'Faulted', errorCode: 'GroundFailure', info: 'x', at: T(6) },
      { chargePointId: 'B1', evseId: 1, connectorId: 1, ocppStatus: 'Charging', errorCode: null, info: null, at: T(7) },
    ]);
    await db.bulk.recordConnectorMeters([{ chargePointId: 'B1', evseId: 1, connectorId: 1, meterWh: 1000.4, powerW: 7200, at: T(8) }]);
    await db.bulk.recordConnectorMeters([
      { chargePointId: 'B1', evseId: 1, connectorId: 1, meterWh: 1500, at: T(9) },
      { chargePointId: 'B1', evseId: 3, connectorId: 1, soc: 42, at: T(9) },
    ]);
    const [c1, c2, c3] = await db.connectors.list('B1');
    expect(c1).toMatchObject({ evseId: 1, ocppStatus: 'Charging', status: 'Occupied', statusAt: T(7), meterWh: 1500, meterAt: T(9), powerW: 7200, powerAt: T(8), soc: null });
    expect(c2).toMatchObject({ evseId: 2, ocppStatus: 'Faulted', status: 'Faulted', errorCode: 'GroundFailure', statusInfo: 'x' });
    expect(c3).toMatchObject({ evseId: 3, status: 'Unknown', soc: 42, socAt: T(9), meterWh: null });
  });

  it('inserts samples and log entries in batches of any size', async () => {
    const { transaction } = await db.transactions.start({ chargePointId: 'B1', evseId: 1, startKey: 'k1', startTag: 'T', startedAt: T(10), meterStartWh: 0, meterStartPending: true });
    const samples = Array.from({ length: 301 }, (_, i) => ({ chargePointId: 'B1', transactionId: transaction.id, evseId: 1, sampledAt: T(11 + i), measurand: 'Energy.Active.Import.Register', value: i * 10, unit: 'Wh' }));
    expect(await db.bulk.insertMeterSamples(samples)).toBe(301);
    expect((await db.meterSamples.listForTransaction(transaction.id)).map((s) => s.value)).toEqual(samples.map((s) => s.value));
    const entries = Array.from({ length: 70 }, (_, i) => ({ loggedAt: T(i), chargePointId: 'B1', direction: 'in' as const, messageType: 'CALL' as const, action: 'Heartbeat', uniqueId: `u${i}`, payload: '[2]' }));
    expect(await db.bulk.insertMessageLog(entries)).toBe(70);
    expect(await db.messageLog.list({ chargePointId: 'B1', limit: 100 })).toHaveLength(70);
  });

  it('stores a lone UTF-16 surrogate a frame carried as U+FFFD instead of failing the whole batch (PostgreSQL refused it)', async () => {
    const lone = '[2,"x","BootNotification",{"serialNumber":"A\ud967B"}]';
    const entries = [
      { loggedAt: T(1), chargePointId: 'B2', direction: 'in' as const, messageType: 'CALL' as const, action: 'BootNotification', uniqueId: 'lone\udc00', payload: lone },
      { loggedAt: T(2), chargePointId: 'B2', direction: 'in' as const, messageType: 'CALL' as const, action: 'Heartbeat', uniqueId: 'fine', payload: '[2]' },
    ];
    expect(await db.bulk.insertMessageLog(entries)).toBe(2);
    const stored = await db.messageLog.list({ chargePointId: 'B2', limit: 10 });
    expect(stored.map((entry) => [entry.uniqueId, entry.payload]).sort()).toEqual([
      ['fine', '[2]'],
      ['lone\ufffd', '[2,"x","BootNotification",{"serialNumber":"A\ufffdB"}]'],
    ]);
  });

  it('records register readings: newest wins, a late one does not, the first one resolves a pending start', async () => {
    const { transaction } = await db.transactions.start({ chargePointId: 'B2', evseId: 1, startKey: 'k2', startTag: 'T', startedAt: T(10), meterStartWh: 0, meterStartPending: true });
    await db.bulk.recordTransactionReadings([
      { transactionId: transaction.id, meterWh: 500, at: T(20), resolvesStart: true },
      { transactionId: transaction.id, meterWh: 700, at: T(30), resolvesStart: true },
    ]);
    expect(await db.transactions.get(transaction.id)).toMatchObject({ lastMeterWh: 700, lastMeterAt: T(30), meterStartWh: 700, meterStartPending: false });
    await db.bulk.recordTransactionReadings([{ transactionId: transaction.id, meterWh: 600, at: T(25), resolvesStart: true }]);
    expect(await db.transactions.get(transaction.id)).toMatchObject({ lastMeterWh: 700, meterStartWh: 700 });
    expect((await db.bulk.openTransactions(['B2', 'B3'])).map((t) => t.id)).toEqual([transaction.id]);
  });

  it('reads the admission data of many stations at once, leaving out deleted and unknown ones', async () => {
    await db.chargePoints.update('B3', { lenient: true, registrationStatus: 'Pending', heartbeatInterval: 60, securityProfile: 3, clientCertThumbprint: 'AB12' });
    const rows = await db.bulk.admissions(['B3', 'B1', 'GONE', 'NOPE', 'B3']);
    expect(rows.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'B1', basicAuthPasswordHash: null, clientCertThumbprint: null, securityProfile: 0, registrationStatus: 'Accepted', heartbeatInterval: 300, lenient: false },
      { id: 'B3', basicAuthPasswordHash: null, clientCertThumbprint: 'AB12', securityProfile: 3, registrationStatus: 'Pending', heartbeatInterval: 60, lenient: true },
    ]);
  });

  it('reads transaction rows by id as the repository does, open and stopped, leaving out unknown ids', async () => {
    const open = await db.transactions.start({ chargePointId: 'B1', evseId: 1, startKey: 'tx-open', externalId: 'ext-1', startTag: 'TAG', startedAt: T(10), meterStartWh: 100, startReason: 'Remote', maxEnergyWh: 5000, workflowId: 'wf-1', remoteStartId: 7 });
    await db.transactions.recordMeter(open.transaction.id, 250, T(11));
    const pending = await db.transactions.start({ chargePointId: 'B2', evseId: 2, connectorId: 1, startKey: 'tx-pending', startTag: null, startedAt: T(12), meterStartWh: 0, meterStartPending: true });
    const stopped = await db.transactions.start({ chargePointId: 'B2', evseId: 1, startKey: 'tx-stopped', startTag: 'T2', startedAt: T(13), meterStartWh: 10 });
    await db.transactions.stop(stopped.transaction.id, { stoppedAt: T(20), meterStopWh: 60, stopTag: 'T2', stopReason: 'Local' });
    const ids = [open.transaction.id, pending.transaction.id, stopped.transaction.id];
    const rows = await db.bulk.transactions([...ids, ids[0]!, 999_999]);
    expect(rows.sort((a, b) => a.id - b.id)).toEqual(await Promise.all(ids.map((id) => db.transactions.get(id))));
    expect(rows.find((r) => r.id === open.transaction.id)).toMatchObject({ lastMeterWh: 250, lastMeterAt: T(11), maxEnergyWh: 5000, workflowId: 'wf-1' });
    expect(await db.bulk.transactions([])).toEqual([]);
  });

  it('appends session events in order with each workflow\'s next sequence numbers, after single appends too', async () => {
    await db.outbox.append({ workflowId: 'wf-a', type: 'started', payload: { n: 0 }, at: T(30) });
    await db.transaction((tx) =>
      tx.bulk.appendOutbox([
        { workflowId: 'wf-a', type: 'meter', payload: { n: 1, text: 'ü "quoted"' }, at: T(31) },
        { workflowId: 'wf-b', type: 'meter', payload: { n: 1 }, at: T(31) },
        { workflowId: 'wf-a', type: 'limitReached', payload: { n: 2, nested: { wh: 5000 } }, at: T(32) },
      ]),
    );
    await db.outbox.append({ workflowId: 'wf-b', type: 'stopped', payload: { n: 2 }, at: T(33) });
    const a = await db.outbox.listForWorkflow('wf-a');
    expect(a.map((e) => [e.seq, e.type, e.payload])).toEqual([
      [1, 'started', { n: 0 }],
      [2, 'meter', { n: 1, text: 'ü "quoted"' }],
      [3, 'limitReached', { n: 2, nested: { wh: 5000 } }],
    ]);
    expect(a[1]).toMatchObject({ createdAt: T(31), nextAttemptAt: T(31), deliveredAt: null, attempts: 0, lastError: null });
    expect((await db.outbox.listForWorkflow('wf-b')).map((e) => [e.seq, e.type])).toEqual([[1, 'meter'], [2, 'stopped']]);
    expect((await db.outbox.pending(T(40))).filter((e) => e.workflowId === 'wf-a')).toHaveLength(3);
  });

  it('sets last seen of many stations at once', async () => {
    expect(await db.bulk.markSeen(['B1', 'B2', 'B1', 'NOPE'], T(40))).toBe(2);
    expect((await db.chargePoints.get('B2'))?.lastSeenAt).toEqual(T(40));
  });

  it('writes nothing of a transaction whose statement fails (a row for an unknown station)', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.bulk.recordConnectorStatuses([{ chargePointId: 'B3', evseId: 1, connectorId: 1, ocppStatus: 'Available', errorCode: null, info: null, at: T(50) }]);
        await tx.bulk.recordConnectorStatuses([{ chargePointId: 'NOPE', evseId: 1, connectorId: 1, ocppStatus: 'Available', errorCode: null, info: null, at: T(50) }]);
      }),
    ).rejects.toThrow();
    expect(await db.connectors.list('B3')).toEqual([]);
  });
});
