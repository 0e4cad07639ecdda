import { expect } from 'vitest';
import type { ConformanceCases, StationUnderTest } from '../harness.ts';

/** The OCA "Charging" reusable state on connector 1: Authorize, Preparing, StartTransaction, Charging. */
async function charging(station: StationUnderTest, idTag: string): Promise<number> {
  expect(await station.cp.authorize(idTag)).toBe('Accepted');
  const tx = await station.cp.startTransaction(1, idTag);
  expect(tx.authorizationStatus).toBe('Accepted');
  return tx.transactionId as number;
}

/** OCA §3.1 and §3.2: boot, and the charging sessions a station starts by itself. */
export const cases: ConformanceCases = {
  /** Boot accepted with a time and an interval; every StatusNotification and the Heartbeat answered. */
  async TC_001_CSMS(t) {
    const station = await t.station({ connectors: 2 });
    const [boot] = station.answers('BootNotification');
    expect(boot).toMatchObject({ status: 'Accepted', interval: expect.any(Number) });
    expect(Date.parse(String(boot!.currentTime))).not.toBeNaN();
    expect(station.answers('StatusNotification')).toHaveLength(3); // connector 0, 1 and 2
    const heartbeatTime = await station.cp.heartbeat();
    expect(Date.parse(heartbeatTime)).not.toBeNaN();
    await station.expectAllAnswered();
  },

  /** Plug-in first: Preparing, Authorize, StartTransaction (Accepted, with a transaction id), Charging. */
  async TC_003_CSMS(t) {
    await t.tag('OCA-003');
    const station = await t.station();
    await station.cp.plugIn(1);
    const transactionId = await charging(station, 'OCA-003');
    expect(transactionId).toBeGreaterThan(0);
    expect(station.answers('StartTransaction')[0]).toMatchObject({ idTagInfo: { status: 'Accepted' }, transactionId });
    await station.expectAllAnswered();
  },

  /** Identification first: Authorize, then Preparing, StartTransaction and Charging. */
  async TC_004_1_CSMS(t) {
    await t.tag('OCA-004');
    const station = await t.station();
    await charging(station, 'OCA-004');
    expect(station.answers('Authorize')).toEqual([{ idTagInfo: expect.objectContaining({ status: 'Accepted' }) }]);
    await station.expectAllAnswered();
  },
};
