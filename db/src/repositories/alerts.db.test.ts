import type { InferEntity, RequiredEntityData } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChargePointEntity,
  ConnectorEntity,
  SecurityEventEntity,
  TransactionEntity,
} from '../entities/index.ts';
import { ormOf } from '../orm/registry.ts';
import { applyRetention } from '../retention.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import type { AlertThresholds } from './alerts.ts';

const NOW = new Date(Date.UTC(2026, 10, 29, 12));
const minutes = (n: number) => new Date(NOW.getTime() - n * 60_000);
const hours = (n: number) => minutes(n * 60);
const THRESHOLDS: AlertThresholds = {
  offlineMs: 15 * 60_000,
  longSessionMs: 24 * 3_600_000,
  failedCommandWindowMs: 24 * 3_600_000,
  securityEventWindowMs: 24 * 3_600_000,
};

type Row<E> = RequiredEntityData<InferEntity<E>>;

function station(id: string, values: Partial<Row<typeof ChargePointEntity>> = {}): Row<typeof ChargePointEntity> {
  return { id, name: `Station ${id}`, online: false, lastSeenAt: null, createdAt: hours(100), updatedAt: hours(100), ...values };
}

describe('alerts computed in SQL', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = ormOf(db).em.fork();
    // each kind: one row that meets its condition, one just inside the threshold, and one of a deleted station
    await em.insertMany<InferEntity<typeof ChargePointEntity>>(ChargePointEntity, [
      station('OFF-LONG', { lastSeenAt: minutes(16), offlineReason: 'gateway node n1 stopped renewing its lease' }),
      station('OFF-LONGER', { lastSeenAt: hours(5) }),
      station('OFF-SHORT', { lastSeenAt: minutes(14) }),
      station('NEVER-SEEN'),
      station('ONLINE', { online: true, lastSeenAt: hours(2) }),
      station('GONE', { lastSeenAt: hours(3), deletedAt: hours(1) }),
    ]);
    await em.insertMany(ConnectorEntity, ([
      { chargePoint: 'ONLINE', evseId: 1, connectorId: 1, status: 'Faulted', ocppStatus: 'Faulted', errorCode: 'GroundFailure', statusAt: minutes(30) },
      { chargePoint: 'ONLINE', evseId: 2, connectorId: 1, status: 'Faulted', ocppStatus: 'Faulted', errorCode: 'NoError', statusAt: minutes(5) },
      { chargePoint: 'ONLINE', evseId: 3, connectorId: 1, status: 'Available', ocppStatus: 'Available', errorCode: 'NoError', statusAt: minutes(5) },
      { chargePoint: 'GONE', evseId: 1, connectorId: 1, status: 'Faulted', ocppStatus: 'Faulted', statusAt: minutes(5) },
    ] satisfies Row<typeof ConnectorEntity>[]));
    const tx = (id: string, startedAt: Date, status: string): Row<typeof TransactionEntity> => ({
      chargePoint: 'ONLINE', startKey: id, evseId: 3, startedAt, meterStartWh: 0, status, createdAt: startedAt, updatedAt: startedAt,
    });
    await em.insertMany<InferEntity<typeof TransactionEntity>>(TransactionEntity, [
      tx('old-open', hours(25), 'Active'),
      tx('young-open', hours(23), 'Active'),
      tx('old-done', hours(30), 'Completed'),
      { ...tx('gone-open', hours(40), 'Active'), chargePoint: 'GONE' },
    ]);
    const event = (chargePoint: string, type: string, critical: boolean, receivedAt: Date): Row<typeof SecurityEventEntity> => ({ chargePoint, type, critical, occurredAt: receivedAt, receivedAt });
    await em.insertMany<InferEntity<typeof SecurityEventEntity>>(SecurityEventEntity, [
      event('ONLINE', 'TamperDetectionActivated', true, hours(1)),
      event('ONLINE', 'InvalidMessages', false, hours(1)),
      event('ONLINE', 'ResetOrReboot', true, hours(25)),
      event('GONE', 'TamperDetectionActivated', true, hours(1)),
    ]);
    const failure = (chargePointId: string, failedAt: Date, code = 'ChargePointTimeout') => ({
      chargePointId, command: 'reset', code, message: 'the station did not answer in time', requestedBy: 'admin', failedAt,
    });
    await db.commandFailures.record(failure('ONLINE', hours(2)));
    await db.commandFailures.record(failure('OFF-LONG', hours(1), 'ChargePointOffline'));
    await db.commandFailures.record(failure('ONLINE', hours(25)));
    await db.commandFailures.record(failure('GONE', hours(1)));
    await db.commandFailures.record(failure('NO-SUCH-STATION', hours(1)));
  });
  afterAll(() => db?.close());

  it('counts each kind only where its condition holds, past its threshold, for stations not deleted', async () => {
    expect(await db.alerts.counts(NOW, THRESHOLDS)).toEqual({
      offlineStations: 2,
      faultedConnectors: 2,
      longSessions: 1,
      failedCommands: 2,
      securityEvents: 1,
    });
  });

  it('lists each kind worst first with what an operator needs to act', async () => {
    const offline = await db.alerts.page('offlineStations', NOW, THRESHOLDS, 10);
    expect(offline.items).toEqual([
      { chargePointId: 'OFF-LONGER', name: 'Station OFF-LONGER', lastSeenAt: hours(5), offlineReason: null },
      { chargePointId: 'OFF-LONG', name: 'Station OFF-LONG', lastSeenAt: minutes(16), offlineReason: 'gateway node n1 stopped renewing its lease' },
    ]);
    const faulted = await db.alerts.page('faultedConnectors', NOW, THRESHOLDS, 10);
    expect(faulted.items.map((a) => [a.chargePointId, a.name, a.evseId, a.errorCode])).toEqual([
      ['ONLINE', 'Station ONLINE', 1, 'GroundFailure'],
      ['ONLINE', 'Station ONLINE', 2, null],
    ]);
    const sessions = await db.alerts.page('longSessions', NOW, THRESHOLDS, 10);
    expect(sessions.items).toMatchObject([{ chargePointId: 'ONLINE', evseId: 3, startedAt: hours(25) }]);
    const commands = await db.alerts.page('failedCommands', NOW, THRESHOLDS, 10);
    expect(commands.items.map((a) => [a.chargePointId, a.code, a.command, a.requestedBy, a.failedAt])).toEqual([
      ['OFF-LONG', 'ChargePointOffline', 'reset', 'admin', hours(1)],
      ['ONLINE', 'ChargePointTimeout', 'reset', 'admin', hours(2)],
    ]);
    const events = await db.alerts.page('securityEvents', NOW, THRESHOLDS, 10);
    expect(events.items).toMatchObject([{ chargePointId: 'ONLINE', type: 'TamperDetectionActivated', receivedAt: hours(1) }]);
  });

  it('respects other thresholds and pages with LIMIT/OFFSET and the total', async () => {
    const looser: AlertThresholds = { offlineMs: 10 * 60_000, longSessionMs: 22 * 3_600_000, failedCommandWindowMs: 26 * 3_600_000, securityEventWindowMs: 26 * 3_600_000 };
    expect(await db.alerts.counts(NOW, looser)).toEqual({ offlineStations: 3, faultedConnectors: 2, longSessions: 2, failedCommands: 3, securityEvents: 2 });
    const stricter: AlertThresholds = { offlineMs: 6 * 3_600_000, longSessionMs: 26 * 3_600_000, failedCommandWindowMs: 30 * 60_000, securityEventWindowMs: 30 * 60_000 };
    expect(await db.alerts.counts(NOW, stricter)).toEqual({ offlineStations: 0, faultedConnectors: 2, longSessions: 0, failedCommands: 0, securityEvents: 0 });

    const second = await db.alerts.page('offlineStations', NOW, looser, 1, 1);
    expect([second.total, second.items.map((a) => a.chargePointId)]).toEqual([3, ['OFF-LONG']]);
    expect((await db.alerts.page('offlineStations', NOW, looser, 2, 3)).items).toEqual([]);
    await expect(db.alerts.page('offlineStations', NOW, looser, 0)).rejects.toThrow(/limit/);
  });

  it('keeps failed commands as long as retention allows', async () => {
    const settings = { messageLogDays: 0, meterSampleDays: 0, deliveredOutboxDays: 0, commandFailureDays: 1, batchSize: 1 };
    expect((await applyRetention(db, settings, NOW)).commandFailures).toBe(1);
    const looser: AlertThresholds = { ...THRESHOLDS, failedCommandWindowMs: 48 * 3_600_000 };
    expect((await db.alerts.page('failedCommands', NOW, looser, 10)).items.map((a) => a.failedAt)).toEqual([hours(1), hours(2)]);
  });

  it('clears an alert once its condition ends', async () => {
    const em = ormOf(db).em.fork();
    await em.nativeUpdate(ConnectorEntity, { chargePoint: 'ONLINE', evseId: 1 }, { status: 'Available', errorCode: 'NoError' });
    await em.nativeUpdate(ChargePointEntity, { id: 'OFF-LONGER' }, { online: true, lastSeenAt: NOW });
    await em.nativeUpdate(TransactionEntity, { startKey: 'old-open' }, { status: 'Completed', stoppedAt: NOW });
    expect(await db.alerts.counts(NOW, THRESHOLDS)).toMatchObject({ offlineStations: 1, faultedConnectors: 1, longSessions: 0 });
  });
});
