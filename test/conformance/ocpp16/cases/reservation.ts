import { expect } from 'vitest';
import { recordSentCalls, stoppedTransaction, waitForAnswers } from '../core-states.ts';
import type { Conformance, ConformanceCases, StationUnderTest } from '../harness.ts';

/** A reservation as the REST API answers it. */
interface Reservation {
  readonly reservationId: number;
  readonly connectorId: number;
  readonly idTag: string;
  readonly parentIdTag: string | null;
  readonly status: string;
  readonly answer: string | null;
  readonly transactionId: number | null;
}

/** The operator reserves through the REST API; resolves with the station's answer and the stored reservation. */
async function reserve(t: Conformance, station: StationUnderTest, body: Record<string, unknown>): Promise<{ status: string; reservation: Reservation }> {
  const answer = await t.api('POST', `/charge-points/${station.id}/reservations`, { expiresInMinutes: 30, ...body });
  expect(answer.status, answer.text).toBe(200);
  return answer.json();
}

async function reservationOf(t: Conformance, station: StationUnderTest, id: number): Promise<Reservation | undefined> {
  const answer = await t.api('GET', `/charge-points/${station.id}/reservations`);
  expect(answer.status, answer.text).toBe(200);
  return answer.json<{ items: Reservation[] }>().items.find((r) => r.reservationId === id);
}

/** Waits until the system shows the reservation in `status`. */
async function reservationBecomes(t: Conformance, station: StationUnderTest, id: number, status: string): Promise<Reservation> {
  await expect.poll(async () => (await reservationOf(t, station, id))?.status, { timeout: 30_000, message: `reservation ${id} becomes ${status}` }).toBe(status);
  return (await reservationOf(t, station, id))!;
}

/** Waits until the system stores the connector's raw 1.6 status (what the station page's tile shows). */
async function connectorShows(t: Conformance, station: StationUnderTest, connectorId: number, ocppStatus: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const answer = await t.api('GET', `/charge-points/${station.id}`);
        const connectors = answer.json<{ connectors: { connectorId: number; ocppStatus: string | null }[] }>().connectors;
        return connectors.find((c) => c.connectorId === connectorId)?.ocppStatus;
      },
      { timeout: 30_000, message: `connector ${connectorId} of ${station.id} shows ${ocppStatus}` },
    )
    .toBe(ocppStatus);
}

/** A reserved connector 1 (ReserveNow Accepted, StatusNotification Reserved stored). */
async function reservedConnector(t: Conformance, idTag: string, options: Parameters<Conformance['station']>[0] = {}) {
  await t.tag(idTag);
  const station = await t.station(options);
  const { status, reservation } = await reserve(t, station, { connectorId: 1, idTag });
  expect(status).toBe('Accepted');
  expect(reservation).toMatchObject({ connectorId: 1, idTag, status: 'Reserved', answer: 'Accepted' });
  expect(station.calls('ReserveNow')).toEqual([{ connectorId: 1, expiryDate: expect.any(String), idTag, reservationId: reservation.reservationId }]);
  await connectorShows(t, station, 1, 'Reserved');
  return { station, reservation };
}

/** A ReserveNow the station refuses: the API answers its word, the reservation is stored Rejected with it. */
async function refused(t: Conformance, station: StationUnderTest, idTag: string, word: string): Promise<void> {
  const { status, reservation } = await reserve(t, station, { connectorId: 1, idTag });
  expect(status).toBe(word);
  expect(reservation).toMatchObject({ status: 'Rejected', answer: word });
  expect(station.calls('ReserveNow')).toHaveLength(1);
  await station.expectAllAnswered();
}

/** OCA §3.17: reservations of a connector or of the whole station, their expiry, cancellation and use. */
export const cases: ConformanceCases = {
  /** The reserved tag starts on the reserved connector: StartTransaction carries the reservationId, which is Used. */
  async TC_046_CSMS(t) {
    const { station, reservation } = await reservedConnector(t, 'OCA-046');
    const sent = recordSentCalls(station);
    expect(await station.cp.authorize('OCA-046')).toBe('Accepted');
    const tx = await station.cp.startTransaction(1, 'OCA-046');
    expect(tx.authorizationStatus).toBe('Accepted');
    expect(sent.find(([action]) => action === 'StartTransaction')?.[1]).toMatchObject({ connectorId: 1, idTag: 'OCA-046', reservationId: reservation.reservationId });
    expect(await reservationBecomes(t, station, reservation.reservationId, 'Used')).toMatchObject({ transactionId: tx.transactionId });
    await connectorShows(t, station, 1, 'Charging');
    await station.expectAllAnswered();
  },

  /** The expiry passes: the station reports Available again and the system shows the reservation Expired. */
  async TC_047_CSMS(t) {
    await t.tag('OCA-047');
    const station = await t.station();
    const expiresAt = new Date(Date.now() + 8_000).toISOString();
    const { status, reservation } = await reserve(t, station, { connectorId: 1, idTag: 'OCA-047', expiresInMinutes: undefined, expiresAt });
    expect(status).toBe('Accepted');
    expect(station.calls('ReserveNow')[0]).toMatchObject({ expiryDate: expiresAt });
    await connectorShows(t, station, 1, 'Reserved');
    await connectorShows(t, station, 1, 'Available');
    expect(await reservationBecomes(t, station, reservation.reservationId, 'Expired')).toMatchObject({ transactionId: null });
    await station.expectAllAnswered();
  },

  async TC_048_1_CSMS(t) {
    await t.tag('OCA-048-1');
    await refused(t, await t.station({ respond: { ReserveNow: () => ({ status: 'Faulted' }) } }), 'OCA-048-1', 'Faulted');
  },

  /** The EV is plugged in (Preparing): the simulated station itself answers Occupied. */
  async TC_048_2_CSMS(t) {
    await t.tag('OCA-048-2');
    const station = await t.station();
    await station.cp.plugIn(1);
    await connectorShows(t, station, 1, 'Preparing');
    await refused(t, station, 'OCA-048-2', 'Occupied');
  },

  /** ChangeAvailability Inoperative first: the simulated station answers Unavailable. */
  async TC_048_3_CSMS(t) {
    await t.tag('OCA-048-3');
    const station = await t.station();
    const availability = await t.api('POST', `/charge-points/${station.id}/availability`, { connectorId: 1, type: 'Inoperative' });
    expect(availability.json()).toMatchObject({ status: 'Accepted' });
    await connectorShows(t, station, 1, 'Unavailable');
    await refused(t, station, 'OCA-048-3', 'Unavailable');
  },

  async TC_048_4_CSMS(t) {
    await t.tag('OCA-048-4');
    await refused(t, await t.station({ respond: { ReserveNow: () => ({ status: 'Rejected' }) } }), 'OCA-048-4', 'Rejected');
  },

  /** connectorId 0 reserves the station (ReserveConnectorZeroSupported); the tag's start on a connector uses it. */
  async TC_049_CSMS(t) {
    await t.tag('OCA-049');
    const station = await t.station({ connectors: 2 });
    const { status, reservation } = await reserve(t, station, { connectorId: 0, idTag: 'OCA-049' });
    expect(status).toBe('Accepted');
    expect(station.calls('ReserveNow')).toEqual([{ connectorId: 0, expiryDate: expect.any(String), idTag: 'OCA-049', reservationId: reservation.reservationId }]);
    expect(reservation).toMatchObject({ connectorId: 0, status: 'Reserved' });
    const sent = recordSentCalls(station);
    const tx = await station.cp.startTransaction(2, 'OCA-049');
    expect(sent.find(([action]) => action === 'StartTransaction')?.[1]).toMatchObject({ connectorId: 2, reservationId: reservation.reservationId });
    expect(await reservationBecomes(t, station, reservation.reservationId, 'Used')).toMatchObject({ transactionId: tx.transactionId });
    await station.expectAllAnswered();
  },

  /** CancelReservation with the reservation's id: Accepted, the connector Available again, the reservation Cancelled. */
  async TC_051_CSMS(t) {
    const { station, reservation } = await reservedConnector(t, 'OCA-051');
    const answer = await t.api('DELETE', `/charge-points/${station.id}/reservations/${reservation.reservationId}`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'Accepted', reservation: { status: 'Cancelled' } });
    expect(station.calls('CancelReservation')).toEqual([{ reservationId: reservation.reservationId }]);
    await connectorShows(t, station, 1, 'Available');
    await station.expectAllAnswered();
  },

  /**
   * The station holds no reservation of that id and answers Rejected; the system keeps its record. (OCTT makes the
   * system send an id that does not match; the API sends only ids it allocated and answers 404 for others, without
   * a CALL, so here the tool's station forgets the reservation instead.)
   */
  async TC_052_CSMS(t) {
    const { station, reservation } = await reservedConnector(t, 'OCA-052', { respond: { CancelReservation: () => ({ status: 'Rejected' }) } });
    const unknown = await t.api('DELETE', `/charge-points/${station.id}/reservations/${reservation.reservationId + 1_000_000}`);
    expect(unknown.status, unknown.text).toBe(404);
    expect(station.calls('CancelReservation')).toEqual([]);
    const answer = await t.api('DELETE', `/charge-points/${station.id}/reservations/${reservation.reservationId}`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'Rejected', reservation: { status: 'Reserved' } });
    expect(station.calls('CancelReservation')).toEqual([{ reservationId: reservation.reservationId }]);
    await station.expectAllAnswered();
  },

  /**
   * A reservation for a tag and its group: another tag of the group authorizes (idTagInfo.parentIdTag is the
   * group), starts on the reserved connector with the reservationId and stops.
   */
  async TC_053_CSMS(t) {
    await t.tag('OCA-053-G');
    await t.tag('OCA-053-A', { parentTagId: 'OCA-053-G' });
    await t.tag('OCA-053-B', { parentTagId: 'OCA-053-G' });
    const station = await t.station();
    const { status, reservation } = await reserve(t, station, { connectorId: 1, idTag: 'OCA-053-A', parentIdTag: 'OCA-053-G' });
    expect(status).toBe('Accepted');
    expect(station.calls('ReserveNow')[0]).toMatchObject({ connectorId: 1, idTag: 'OCA-053-A', parentIdTag: 'OCA-053-G' });
    await connectorShows(t, station, 1, 'Reserved');
    const sent = recordSentCalls(station);
    expect(await station.cp.authorize('OCA-053-B')).toBe('Accepted');
    expect(station.answers('Authorize').at(-1)).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'OCA-053-G' } });
    const tx = await station.cp.startTransaction(1, 'OCA-053-B');
    expect(sent.find(([action]) => action === 'StartTransaction')?.[1]).toMatchObject({ idTag: 'OCA-053-B', reservationId: reservation.reservationId });
    expect(await reservationBecomes(t, station, reservation.reservationId, 'Used')).toMatchObject({ transactionId: tx.transactionId });
    await station.cp.stopTransaction(1, 'Local');
    await waitForAnswers(station, 'StopTransaction');
    await stoppedTransaction(t, station.id, tx.transactionId as number);
    await connectorShows(t, station, 1, 'Available');
    expect(sent.filter(([action]) => action === 'StatusNotification').map(([, p]) => p.status)).toContain('Finishing');
    await station.expectAllAnswered();
  },
};
