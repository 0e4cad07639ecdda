import { expect } from 'vitest';
import { stoppedTransaction, transactionsOf } from '../core-states.ts';
import type { ConformanceCases } from '../harness.ts';

/**
 * OCA §3.12: transactions that ran while the station was offline. The station queues its transaction messages and
 * sends them, with their original timestamps, once it is connected again; the system records the station's times.
 */
export const cases: ConformanceCases = {
  /** A StartTransaction kept offline with a valid tag: Accepted, with a transactionId, recorded at the station's time. */
  async TC_037_1_CSMS(t) {
    await t.tag('OCA-037-1');
    const station = await t.station();
    await station.cp.goOffline();
    const starting = station.cp.startTransaction(1, 'OCA-037-1');
    await station.cp.goOnline();
    const tx = await starting;
    expect(station.answers('StartTransaction')).toEqual([{ idTagInfo: expect.objectContaining({ status: 'Accepted' }), transactionId: expect.any(Number) }]);
    expect(tx.transactionId).toEqual(station.answers('StartTransaction')[0]!.transactionId);
    await expect.poll(() => station.cp.connector(1).status, { timeout: 30_000 }).toBe('Charging');
    await station.expectAllAnswered();
    const [record] = await transactionsOf(t, station.id);
    expect(record).toMatchObject({ id: tx.transactionId, startTag: 'OCA-037-1', stoppedAt: null });
    expect(Date.parse(record!.startedAt)).toBe(tx.startedAt.getTime());
  },

  /**
   * A StartTransaction kept offline with a tag the system does not know, StopTransactionOnInvalidId = true: Invalid,
   * still with a transactionId; the station then stops it as DeAuthorized and the system closes the record so.
   */
  async TC_037_3_CSMS(t) {
    // The tool's order after the Invalid answer is Charging, then the stop; the simulator's own reaction to
    // StopTransactionOnInvalidId stops at once without Charging, so it is switched off and the stop is driven here.
    const station = await t.station({ settings: { StopTransactionOnInvalidId: 'false' } });
    await station.cp.goOffline();
    const starting = station.cp.startTransaction(1, 'OCA-037-3-UNKNOWN');
    await station.cp.goOnline();
    const tx = await starting;
    expect(station.answers('StartTransaction')).toEqual([{ idTagInfo: expect.objectContaining({ status: 'Invalid' }), transactionId: expect.any(Number) }]);
    expect(station.cp.connector(1).status).toBe('Charging');
    await station.cp.stopTransaction(1, 'DeAuthorized');
    expect(station.answers('StopTransaction')).toHaveLength(1);
    const record = await stoppedTransaction(t, station.id, tx.transactionId as number);
    expect(record.stopReason).toBe('DeAuthorized');
    await station.expectAllAnswered();
  },

  /** A whole transaction kept offline (start, stop Local): both answered, the record has the station's start and stop times. */
  async TC_039_CSMS(t) {
    await t.tag('OCA-039');
    const station = await t.station();
    await station.cp.goOffline();
    const starting = station.cp.startTransaction(1, 'OCA-039');
    await Promise.resolve();
    station.cp.advanceMeter(1, 600);
    const stopping = station.cp.stopTransaction(1, 'Local');
    const stoppedAt = Date.now();
    await station.cp.goOnline();
    const tx = await starting;
    await stopping;
    expect(station.answers('StartTransaction')).toEqual([{ idTagInfo: expect.objectContaining({ status: 'Accepted' }), transactionId: expect.any(Number) }]);
    expect(station.answers('StopTransaction')).toHaveLength(1);
    const record = await stoppedTransaction(t, station.id, tx.transactionId as number);
    // the energy the station metered while offline (600 s at 11 kW) is counted
    expect(record).toMatchObject({ stopReason: 'Local', startTag: 'OCA-039', meterStartWh: tx.meterStartWh, meterStopWh: tx.meterStopWh });
    expect(record.energyWh).toBe(tx.meterStopWh! - tx.meterStartWh);
    expect(record.energyWh).toBeGreaterThan(0);
    expect(Date.parse(record.startedAt)).toBe(tx.startedAt.getTime());
    expect(Date.parse(record.stoppedAt!)).toBeLessThanOrEqual(stoppedAt);
    await station.expectAllAnswered();
  },
};
