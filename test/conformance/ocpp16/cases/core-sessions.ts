import { expect } from 'vitest';
import { charging, recordSentCalls, stoppedTransaction, transactionsOf, waitForAnswers } from '../core-states.ts';
import type { ConformanceCases } from '../harness.ts';

/** OCA §3.2, 3.3, 3.8, 3.11 and 3.20: what a station does by itself, and what the system must answer. */
export const cases: ConformanceCases = {
  /** Authorized, Preparing, then no cable within ConnectionTimeOut: Available again; no transaction recorded. */
  async TC_004_2_CSMS(t) {
    await t.tag('OCA-004-2');
    const station = await t.station();
    expect(await station.cp.authorize('OCA-004-2')).toBe('Accepted');
    await station.cp.statusNotification(1, 'Preparing');
    await station.cp.statusNotification(1, 'Available');
    await station.expectAllAnswered();
    expect(await transactionsOf(t, station.id)).toEqual([]);
  },

  /** The EV unplugs while charging: SuspendedEV, StopTransaction(EVDisconnected), Finishing, Available; the record says EVDisconnected. */
  async TC_005_1_CSMS(t) {
    await t.tag('OCA-005');
    const station = await t.station({ settings: { StopTransactionOnEVSideDisconnect: 'true', UnlockConnectorOnEVSideDisconnect: 'true' } });
    const transactionId = await charging(station, 'OCA-005');
    station.cp.advanceMeter(1, 900);
    await station.cp.statusNotification(1, 'SuspendedEV');
    await station.cp.unplug(1);
    expect(station.answers('StopTransaction')).toHaveLength(1);
    const record = await stoppedTransaction(t, station.id, transactionId);
    expect(record).toMatchObject({ stopReason: 'EVDisconnected', status: 'Completed', meterStopWh: station.cp.connector(1).meter.registerWh });
    expect(record.energyWh).toBe(record.meterStopWh! - record.meterStartWh);
    expect(record.energyWh).toBeGreaterThan(0);
    await station.expectAllAnswered();
  },

  /** A tag from the station's authorization cache: StartTransaction without Authorize, accepted. */
  async TC_007_CSMS(t) {
    await t.tag('OCA-007');
    const station = await t.station();
    await station.cp.plugIn(1);
    const tx = await station.cp.startTransaction(1, 'OCA-007');
    expect(station.answers('Authorize')).toEqual([]);
    expect(station.answers('StartTransaction')).toEqual([{ idTagInfo: expect.objectContaining({ status: 'Accepted' }), transactionId: tx.transactionId }]);
    await station.expectAllAnswered();
  },

  /** A tag the system does not know: Invalid. */
  async TC_023_1_CSMS(t) {
    const station = await t.station();
    expect(await station.cp.authorize('OCA-023-UNKNOWN')).toBe('Invalid');
    await station.expectAllAnswered();
  },

  /** A tag whose expiry has passed: Expired. */
  async TC_023_2_CSMS(t) {
    await t.tag('OCA-023-2', { expiresAt: new Date(Date.now() - 86_400_000).toISOString() });
    const station = await t.station();
    expect(await station.cp.authorize('OCA-023-2')).toBe('Expired');
    await station.expectAllAnswered();
  },

  /** A blocked tag: Blocked. */
  async TC_023_3_CSMS(t) {
    await t.tag('OCA-023-3', { blocked: true });
    const station = await t.station();
    expect(await station.cp.authorize('OCA-023-3')).toBe('Blocked');
    await station.expectAllAnswered();
  },

  /** Authorized, Preparing, then the lock fails: Faulted with ConnectorLockFailure; answered, no transaction. */
  async TC_024_CSMS(t) {
    await t.tag('OCA-024');
    const station = await t.station();
    expect(await station.cp.authorize('OCA-024')).toBe('Accepted');
    await station.cp.statusNotification(1, 'Preparing');
    await station.cp.fault(1, 'ConnectorLockFailure');
    await station.expectAllAnswered();
    expect(await transactionsOf(t, station.id)).toEqual([]);
    const view = await t.api('GET', `/charge-points/${station.id}`);
    expect(view.json<{ connectors: unknown[] }>().connectors).toContainEqual(
      expect.objectContaining({ connectorId: 1, status: 'Faulted', errorCode: 'ConnectorLockFailure' }),
    );
  },

  /**
   * Power lost while charging: the station comes back, boots, reports the connector Finishing (the others
   * Available) and sends the stop it kept, reason PowerLoss; the system accepts the boot and closes the record.
   */
  async TC_032_1_CSMS(t) {
    await t.tag('OCA-032');
    const station = await t.station({ connectors: 2, bootOnReconnect: true });
    const transactionId = await charging(station, 'OCA-032');
    await station.cp.goOffline();
    const stopped = station.cp.stopTransaction(1, 'PowerLoss');
    const sent = recordSentCalls(station);
    await station.cp.goOnline();
    await stopped;
    await waitForAnswers(station, 'BootNotification', 2);
    expect(station.answers('BootNotification')[1]).toMatchObject({ status: 'Accepted' });
    expect(station.answers('StopTransaction')).toHaveLength(1);
    // the order on the wire: Boot, the status of connector 0, 1 (Finishing) and 2, then the kept stop
    expect(sent.slice(0, 5)).toEqual([
      ['BootNotification', expect.anything()],
      ['StatusNotification', expect.objectContaining({ connectorId: 0, status: 'Available' })],
      ['StatusNotification', expect.objectContaining({ connectorId: 1, status: 'Finishing' })],
      ['StatusNotification', expect.objectContaining({ connectorId: 2, status: 'Available' })],
      ['StopTransaction', expect.objectContaining({ transactionId, reason: 'PowerLoss' })],
    ]);
    expect((await stoppedTransaction(t, station.id, transactionId)).stopReason).toBe('PowerLoss');
    await station.expectAllAnswered();
  },

  /** A DataTransfer for a vendor the system does not know: Rejected, UnknownVendorId or UnknownMessageId, never a CALLERROR. */
  async TC_064_CSMS(t) {
    const station = await t.station();
    const answer = await station.cp.dataTransfer('org.example.oca-unknown-vendor', 'Test', 'hello');
    expect(['Rejected', 'UnknownVendorId', 'UnknownMessageId']).toContain(answer.status);
    await station.expectAllAnswered();
  },
};
