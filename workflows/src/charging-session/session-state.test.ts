import { describe, expect, it } from 'vitest';
import { StaleSessionReason, type SessionEvent, type SessionEventType } from '@csms/temporal';
import { applyEvent, initialState } from './session-state.ts';

const event = (seq: number, type: SessionEventType, extra: Record<string, unknown> = {}): SessionEvent => ({
  eventId: String(seq),
  seq,
  type,
  occurredAt: '2026-01-01T00:00:00.000Z',
  payload: { chargePointId: 'CP', transactionId: 7, ...extra },
});

describe('session state', () => {
  it('follows start, meter and stop, and ends at the stop', () => {
    let state = initialState(null);
    state = applyEvent(state, event(1, 'started', { meterWh: 100 })).state;
    expect(state).toMatchObject({ phase: 'charging', meterStartWh: 100, transactionId: 7, lastSeq: 1 });
    state = applyEvent(state, event(2, 'meter', { meterWh: 150 })).state;
    const stopped = applyEvent(state, event(3, 'stopped', { meterWh: 180, reason: 'EVDisconnected' }));
    expect(stopped).toEqual({ done: true, state: expect.objectContaining({ phase: 'stopped', lastMeterWh: 180, stopReason: 'EVDisconnected' }) });
  });

  it('ends on a stop for a start it never saw', () => {
    expect(applyEvent(initialState(null), event(1, 'stopped', { meterWh: 5 })).done).toBe(true);
  });

  it('ends when a paid session adopts the transaction it watched (opened at plug-in, handed over)', () => {
    const watching = applyEvent(initialState(null), event(1, 'started', { meterWh: 100 })).state;
    expect(applyEvent(watching, event(2, 'handedOver', { toWorkflowId: 'session/CP/paid-1' }))).toEqual({
      done: true,
      state: expect.objectContaining({ phase: 'closed', stopReason: 'HandedOver', transactionId: 7 }),
    });
  });

  it('marks the session stale on a reboot and clears it when the station reports the session again', () => {
    const stale = applyEvent(applyEvent(initialState(7), event(1, 'started')).state, event(2, 'stationRebooted')).state;
    expect(stale).toMatchObject({ staleSince: '2026-01-01T00:00:00.000Z', stopReason: StaleSessionReason.StationRebooted });
    expect(applyEvent(stale, event(3, 'meter', { meterWh: 1 })).state).toMatchObject({ staleSince: null, stopReason: null });
  });
});
