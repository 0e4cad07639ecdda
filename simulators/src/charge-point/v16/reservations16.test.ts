import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChargePoint } from '../charge-point.ts';
import { defaultSettings } from '../settings.ts';
import type { Connector, ConnectorStatus } from '../state.ts';
import { claimReservation16, heldReservations16, rememberParent16, reservations16, reservedForOther16 } from './reservations16.ts';

/** A station of `n` connectors whose StatusNotifications are recorded (the handlers use nothing else of it). */
function station(n = 2, settings: Record<string, string> = {}) {
  const sent: [number, ConnectorStatus][] = [];
  const connectors = Array.from({ length: n }, (_, i) => ({ id: i + 1, status: 'Available', availability: 'Operative', transaction: undefined }) as unknown as Connector);
  const cp = {
    settings: defaultSettings('1.6', { connectors: n, vendor: 'V', model: 'M', sampleIntervalS: 60, authorizeRemoteStart: false }),
    connectors,
    statusNotification: async (id: number, status: ConnectorStatus) => {
      connectors[id - 1]!.status = status;
      sent.push([id, status]);
    },
    background: (step: Promise<unknown>) => void step,
  } as unknown as ChargePoint;
  for (const [key, value] of Object.entries(settings)) cp.settings.put(key, value);
  const calls = reservations16(cp);
  const call = (action: 'ReserveNow' | 'CancelReservation', request: object) => {
    const outcome = calls[action]!(request as never);
    outcome.after?.();
    return outcome.payload.status;
  };
  const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
  const reserve = (reservationId: number, connectorId: number, idTag = 'A', extra: object = {}) =>
    call('ReserveNow', { reservationId, connectorId, idTag, expiryDate: inMinutes(10), ...extra });
  return { cp, connectors, sent, call, reserve, inMinutes };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the simulated 1.6 station’s reservations', () => {
  it('answers ReserveNow from the connector’s state and reports Reserved when it accepts', () => {
    const s = station(3);
    expect(s.reserve(1, 1)).toBe('Accepted');
    expect(s.sent).toEqual([[1, 'Reserved']]);
    expect(s.reserve(2, 1)).toBe('Occupied');
    s.connectors[1]!.status = 'Faulted';
    expect(s.reserve(3, 2)).toBe('Faulted');
    s.connectors[2]!.availability = 'Inoperative';
    expect(s.reserve(4, 3)).toBe('Unavailable');
    s.connectors[2]!.availability = 'Operative';
    s.connectors[2]!.status = 'Preparing';
    expect(s.reserve(5, 3)).toBe('Occupied');
    expect(s.reserve(6, 9)).toBe('Rejected');
    expect(s.call('ReserveNow', { reservationId: 7, connectorId: 3, idTag: 'A', expiryDate: s.inMinutes(-1) })).toBe('Rejected');
    // the same id replaces the reservation it held, its own connector is no refusal
    expect(s.reserve(1, 1, 'B')).toBe('Accepted');
    expect(heldReservations16(s.cp).map((r) => [r.reservationId, r.idTag])).toEqual([[1, 'B']]);
  });

  it('reserves connector 0 only with ReserveConnectorZeroSupported and a connector that could take it', () => {
    const off = station(1, { ReserveConnectorZeroSupported: 'false' });
    expect(off.reserve(1, 0)).toBe('Rejected');
    const on = station(2);
    on.connectors[0]!.status = 'Faulted';
    expect(on.reserve(1, 0)).toBe('Accepted');
    // connector 0 reports only Available, Unavailable or Faulted: no StatusNotification
    expect(on.sent).toEqual([]);
    on.connectors[1]!.status = 'Faulted';
    expect(on.reserve(2, 0)).toBe('Faulted');
  });

  it('lets the reserved tag or its group start, and no one else', () => {
    const s = station(2);
    expect(s.reserve(1, 1, 'A', { parentIdTag: 'G' })).toBe('Accepted');
    expect(reservedForOther16(s.cp, 1, 'X')).toBe(true);
    expect(() => claimReservation16(s.cp, 1, 'X')).toThrow(/reserved/);
    expect(claimReservation16(s.cp, 2, 'X')).toBeUndefined();
    rememberParent16(s.cp, 'B', 'G');
    expect(reservedForOther16(s.cp, 1, 'B')).toBe(false);
    expect(claimReservation16(s.cp, 1, 'B')).toBe(1);
    expect(heldReservations16(s.cp)).toEqual([]);
    expect(claimReservation16(s.cp, 1, 'X')).toBeUndefined();
  });

  it('ends a reservation at its expiry with Available, and on an accepted CancelReservation', () => {
    vi.useFakeTimers();
    const s = station(2);
    expect(s.reserve(1, 1)).toBe('Accepted');
    expect(s.call('ReserveNow', { reservationId: 2, connectorId: 2, idTag: 'A', expiryDate: s.inMinutes(20) })).toBe('Accepted');
    vi.advanceTimersByTime(9 * 60_000);
    expect(s.connectors[0]!.status).toBe('Reserved');
    vi.advanceTimersByTime(60_000);
    expect(s.connectors[0]!.status).toBe('Available');
    expect(s.call('CancelReservation', { reservationId: 1 })).toBe('Rejected');
    expect(s.call('CancelReservation', { reservationId: 2 })).toBe('Accepted');
    expect(s.sent).toEqual([[1, 'Reserved'], [2, 'Reserved'], [1, 'Available'], [2, 'Available']]);
    expect(heldReservations16(s.cp)).toEqual([]);
  });
});
