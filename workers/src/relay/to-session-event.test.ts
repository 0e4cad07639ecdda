import { describe, expect, it } from 'vitest';
import type { OutboxEventRecord } from '@csms/db';
import { toSessionEvent } from './outbox-relay.ts';

const record = (payload: Record<string, unknown>, type = 'started'): OutboxEventRecord => ({
  id: 7,
  workflowId: 'chargingSession-CP-1',
  seq: 1,
  type,
  payload,
  createdAt: new Date('2026-11-29T10:00:00Z'),
  deliveredAt: null,
  attempts: 0,
  lastError: null,
  nextAttemptAt: new Date('2026-11-29T10:00:00Z'),
});

describe('an outbox row as the session workflow gets it', () => {
  it('leaves the trace context behind: the workflow gets it in its headers, not in its event', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const event = toSessionEvent(record({ chargePointId: 'CP-1', transactionId: 3, meterWh: 10, traceparent }));
    expect(event).toEqual({
      eventId: '7',
      seq: 1,
      type: 'started',
      occurredAt: '2026-11-29T10:00:00.000Z',
      payload: { chargePointId: 'CP-1', transactionId: 3, meterWh: 10 },
    });
  });

  it('drops a row without what every event carries', () => {
    expect(toSessionEvent(record({ transactionId: 3 }))).toBeUndefined();
    expect(toSessionEvent(record({ chargePointId: 'CP-1', transactionId: 3 }, 'noSuchType'))).toBeUndefined();
  });
});
