import { expect } from 'vitest';
import { charging, recordSentCalls, stoppedTransaction, transactionsOf, waitForAnswers } from '../core-states.ts';
import type { Conformance, ConformanceCases, StationUnderTest } from '../harness.ts';

/** The operator's command through the REST API; resolves with the station's status as the API answers it. */
async function command(t: Conformance, station: StationUnderTest, path: string, body: unknown = {}): Promise<string> {
  const answer = await t.api('POST', `/charge-points/${station.id}${path}`, body);
  expect(answer.status, answer.text).toBe(200);
  return answer.json<{ status: string }>().status;
}

/** A reset of the given type: the station answers Accepted, reboots, boots again and reports every connector. */
async function reset(t: Conformance, type: 'Hard' | 'Soft'): Promise<void> {
  const station = await t.station({ connectors: 2 });
  const sent = recordSentCalls(station);
  expect(await command(t, station, '/reset', { type })).toBe('Accepted');
  expect(station.calls('Reset')).toEqual([{ type }]);
  await waitForAnswers(station, 'BootNotification', 2);
  expect(station.answers('BootNotification')[1]).toMatchObject({ status: 'Accepted', interval: expect.any(Number) });
  // connector 0, 1 and 2 before the reset and again after it
  await waitForAnswers(station, 'StatusNotification', 6);
  expect(sent.map(([action, payload]) => [action, payload.connectorId, payload.status])).toEqual([
    ['BootNotification', undefined, undefined],
    ['StatusNotification', 0, 'Available'],
    ['StatusNotification', 1, 'Available'],
    ['StatusNotification', 2, 'Available'],
  ]);
  await station.expectAllAnswered();
}

/** OCA §3.4–3.6, 3.9, 3.10 and 3.18: what the operator asks of a station through the system. */
export const cases: ConformanceCases = {
  /** Cable first: Preparing, then the operator's remote start; the station authorizes the tag and starts. */
  async TC_010_CSMS(t) {
    await t.tag('OCA-010');
    const station = await t.station({ authorizeRemoteStart: true });
    await station.cp.plugIn(1);
    expect(await command(t, station, '/connectors/1/start', { idTag: 'OCA-010' })).toBe('Accepted');
    expect(station.calls('RemoteStartTransaction')).toEqual([{ connectorId: 1, idTag: 'OCA-010' }]);
    await waitForAnswers(station, 'StartTransaction');
    expect(station.answers('Authorize')).toEqual([{ idTagInfo: expect.objectContaining({ status: 'Accepted' }) }]);
    const [started] = station.answers('StartTransaction');
    expect(started).toMatchObject({ idTagInfo: { status: 'Accepted' }, transactionId: expect.any(Number) });
    expect(station.cp.connector(1).status).toBe('Charging');
    await station.expectAllAnswered();
    expect(await transactionsOf(t, station.id)).toEqual([expect.objectContaining({ id: started!.transactionId, startTag: 'OCA-010', stoppedAt: null })]);
  },

  /** Remote start first: the station authorizes, then Preparing, StartTransaction and Charging. */
  async TC_011_1_CSMS(t) {
    await t.tag('OCA-011');
    const station = await t.station({ authorizeRemoteStart: true });
    expect(await command(t, station, '/connectors/1/start', { idTag: 'OCA-011' })).toBe('Accepted');
    expect(station.calls('RemoteStartTransaction')).toEqual([{ connectorId: 1, idTag: 'OCA-011' }]);
    await waitForAnswers(station, 'StartTransaction');
    expect(station.answers('Authorize')).toEqual([{ idTagInfo: expect.objectContaining({ status: 'Accepted' }) }]);
    expect(station.answers('StartTransaction')[0]).toMatchObject({ idTagInfo: { status: 'Accepted' }, transactionId: expect.any(Number) });
    await station.expectAllAnswered();
  },

  /** Remote start accepted and authorized, but no cable comes: Preparing, then Available again; no transaction. */
  async TC_011_2_CSMS(t) {
    await t.tag('OCA-011-2');
    const station = await t.station({ respond: { RemoteStartTransaction: () => ({ status: 'Accepted' }) } });
    expect(await command(t, station, '/connectors/1/start', { idTag: 'OCA-011-2' })).toBe('Accepted');
    expect(station.calls('RemoteStartTransaction')).toEqual([{ connectorId: 1, idTag: 'OCA-011-2' }]);
    expect(await station.cp.authorize('OCA-011-2')).toBe('Accepted');
    await station.cp.statusNotification(1, 'Preparing');
    // ConnectionTimeOut elapses without a cable
    await station.cp.statusNotification(1, 'Available');
    await station.expectAllAnswered();
    expect(await transactionsOf(t, station.id)).toEqual([]);
  },

  /** The operator stops the running transaction: RemoteStopTransaction with its id; the record closes as Remote. */
  async TC_012_CSMS(t) {
    await t.tag('OCA-012');
    const station = await t.station();
    const transactionId = await charging(station, 'OCA-012');
    expect(await command(t, station, '/connectors/1/stop')).toBe('Accepted');
    expect(station.calls('RemoteStopTransaction')).toEqual([{ transactionId }]);
    await waitForAnswers(station, 'StopTransaction');
    expect((await stoppedTransaction(t, station.id, transactionId)).stopReason).toBe('Remote');
    await expect.poll(() => station.cp.connector(1).status, { timeout: 30_000 }).toBe('Available');
    await station.expectAllAnswered();
  },

  async TC_013_CSMS(t) {
    await reset(t, 'Hard');
  },

  async TC_014_CSMS(t) {
    await reset(t, 'Soft');
  },

  /** Unlock without a session, detachable cable: Unlocked. */
  async TC_017_1_CSMS(t) {
    const station = await t.station();
    expect(await command(t, station, '/connectors/1/unlock')).toBe('Unlocked');
    expect(station.calls('UnlockConnector')).toEqual([{ connectorId: 1 }]);
    await station.expectAllAnswered();
  },

  /** Unlock without a session, fixed cable: the station answers NotSupported and the system reports it. */
  async TC_017_2_CSMS(t) {
    const station = await t.station({ respond: { UnlockConnector: () => ({ status: 'NotSupported' }) } });
    expect(await command(t, station, '/connectors/1/unlock')).toBe('NotSupported');
    expect(station.calls('UnlockConnector')).toEqual([{ connectorId: 1 }]);
    await station.expectAllAnswered();
  },

  /**
   * Unlock during a session: Unlocked, then (OCA's order) Finishing, StopTransaction(UnlockCommand) and Available;
   * the record closes with UnlockCommand.
   */
  async TC_018_1_CSMS(t) {
    await t.tag('OCA-018');
    const station = await t.station({ respond: { UnlockConnector: () => ({ status: 'Unlocked' }) } });
    const transactionId = await charging(station, 'OCA-018');
    expect(await command(t, station, '/connectors/1/unlock')).toBe('Unlocked');
    expect(station.calls('UnlockConnector')).toEqual([{ connectorId: 1 }]);
    await station.cp.statusNotification(1, 'Finishing');
    await station.cp.stopTransaction(1, 'UnlockCommand');
    expect((await stoppedTransaction(t, station.id, transactionId)).stopReason).toBe('UnlockCommand');
    await expect.poll(() => station.cp.connector(1).status, { timeout: 30_000 }).toBe('Available');
    await station.expectAllAnswered();
  },

  /** The station rejects the remote start: the operator sees Rejected, nothing starts. */
  async TC_026_CSMS(t) {
    await t.tag('OCA-026');
    const station = await t.station({ respond: { RemoteStartTransaction: () => ({ status: 'Rejected' }) } });
    expect(await command(t, station, '/connectors/1/start', { idTag: 'OCA-026' })).toBe('Rejected');
    expect(station.calls('RemoteStartTransaction')).toEqual([{ connectorId: 1, idTag: 'OCA-026' }]);
    await station.expectAllAnswered();
    expect(await transactionsOf(t, station.id)).toEqual([]);
  },

  /**
   * The station rejects the remote stop: the operator sees Rejected, the transaction stays open. OCA's tool
   * rejects a stop of an unknown transactionId; the system only sends stops of transactions it holds open (an
   * unknown id is refused before anything is sent, 400 NoOpenTransaction), so the scripted station rejects the
   * running one.
   */
  async TC_028_CSMS(t) {
    await t.tag('OCA-028');
    const station = await t.station({ respond: { RemoteStopTransaction: () => ({ status: 'Rejected' }) } });
    const transactionId = await charging(station, 'OCA-028');
    expect(await command(t, station, '/connectors/1/stop', { transactionId })).toBe('Rejected');
    expect(station.calls('RemoteStopTransaction')).toEqual([{ transactionId }]);
    // a transaction the system does not hold open is refused before anything reaches the station
    const unknown = await t.api('POST', `/charge-points/${station.id}/connectors/1/stop`, { transactionId: transactionId + 1_000_000 });
    expect(unknown.status, unknown.text).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: 'NoOpenTransaction' } });
    expect(station.calls('RemoteStopTransaction')).toHaveLength(1);
    await station.expectAllAnswered();
    expect(await transactionsOf(t, station.id)).toEqual([expect.objectContaining({ id: transactionId, stoppedAt: null })]);
  },

  /** The lock does not open: UnlockFailed reaches the operator. */
  async TC_030_CSMS(t) {
    const station = await t.station({ respond: { UnlockConnector: () => ({ status: 'UnlockFailed' }) } });
    expect(await command(t, station, '/connectors/1/unlock')).toBe('UnlockFailed');
    expect(station.calls('UnlockConnector')).toEqual([{ connectorId: 1 }]);
    await station.expectAllAnswered();
  },

  /** Unlock a connector the station does not have (it has one): the station answers NotSupported. */
  async TC_031_CSMS(t) {
    const station = await t.station({ connectors: 1 });
    expect(await command(t, station, '/connectors/2/unlock')).toBe('NotSupported');
    expect(station.calls('UnlockConnector')).toEqual([{ connectorId: 2 }]);
    await station.expectAllAnswered();
  },

  /** Five TriggerMessages, each accepted, and each triggered message answered. */
  async TC_054_CSMS(t) {
    const station = await t.station();
    const triggers: [string, number | undefined][] = [
      ['MeterValues', 1],
      ['Heartbeat', undefined],
      ['StatusNotification', 1],
      ['DiagnosticsStatusNotification', undefined],
      ['FirmwareStatusNotification', undefined],
    ];
    for (const [message, connectorId] of triggers) {
      const before = station.answers(message).length;
      expect(await command(t, station, '/trigger', { message, ...(connectorId === undefined ? {} : { connectorId }) })).toBe('Accepted');
      expect(station.calls('TriggerMessage').at(-1)).toEqual({ requestedMessage: message, ...(connectorId === undefined ? {} : { connectorId }) });
      await waitForAnswers(station, message, before + 1);
    }
    expect(station.calls('TriggerMessage')).toHaveLength(5);
    await station.expectAllAnswered();
  },

  /** TriggerMessage(MeterValues) for connector NumberOfConnectors + 1: the station rejects it, the operator sees so. */
  async TC_055_CSMS(t) {
    const station = await t.station({ connectors: 1 });
    expect(await command(t, station, '/trigger', { message: 'MeterValues', connectorId: 2 })).toBe('Rejected');
    expect(station.calls('TriggerMessage')).toEqual([{ requestedMessage: 'MeterValues', connectorId: 2 }]);
    await station.expectAllAnswered();
  },
};
