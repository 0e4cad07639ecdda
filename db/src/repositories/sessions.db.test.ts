import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../retention.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

describe('outbox, session intents, payments, webhooks, message log, retention', () => {
  let db: TestDatabase;
  const t0 = new Date('2026-02-01T00:00:00.000Z');
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create('CP-S', { name: 'S' });
  });
  afterAll(() => db.close());

  it('numbers outbox events per workflow and commits them with the start', async () => {
    const { transaction } = await db.transaction(async (tx) => {
      const started = await tx.transactions.start({ chargePointId: 'CP-S', evseId: 1, startKey: 's1', startTag: 'T', startedAt: t0, meterStartWh: 0 });
      await tx.outbox.append({ workflowId: 'session/CP-S/1', type: 'started', payload: { id: started.transaction.id }, at: t0 });
      return started;
    });
    await db.outbox.append({ workflowId: 'session/CP-S/1', type: 'meter', payload: { wh: 10 }, at: t0 });
    await db.outbox.append({ workflowId: 'session/CP-S/2', type: 'started', payload: {}, at: t0 });
    const events = await db.outbox.listForWorkflow('session/CP-S/1');
    expect(events.map((e) => [e.seq, e.type])).toEqual([[1, 'started'], [2, 'meter']]);
    expect(events[0]?.payload).toEqual({ id: transaction.id });
    expect((await db.outbox.listForWorkflow('session/CP-S/2'))[0]?.seq).toBe(1);
  });

  it('hands out pending events, retries failures later, forgets delivered ones', async () => {
    const pending = await db.outbox.pending(t0);
    expect(pending.map((e) => e.workflowId)).toEqual(['session/CP-S/1', 'session/CP-S/1', 'session/CP-S/2']);
    await db.outbox.markDelivered([pending[0]!.id, pending[1]!.id], t0);
    await db.outbox.markFailed(pending[2]!.id, 'Temporal unavailable', new Date(t0.getTime() + 60_000));
    expect(await db.outbox.pending(t0)).toEqual([]);
    const retry = await db.outbox.pending(new Date(t0.getTime() + 60_000));
    expect(retry).toMatchObject([{ attempts: 1, lastError: 'Temporal unavailable' }]);
  });

  it("holds a workflow's later events back while an earlier one waits for its retry", async () => {
    const workflowId = 'session/CP-S/order';
    const first = await db.outbox.append({ workflowId, type: 'started', payload: {}, at: t0 });
    await db.outbox.append({ workflowId, type: 'meter', payload: {}, at: t0 });
    const retryAt = new Date(t0.getTime() + 30_000);
    await db.outbox.markFailed(first.id, 'Temporal unavailable', retryAt);
    expect((await db.outbox.pending(new Date(t0.getTime() + 1000))).filter((e) => e.workflowId === workflowId)).toEqual([]);
    const due = (await db.outbox.pending(retryAt)).filter((e) => e.workflowId === workflowId);
    expect(due.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('matches a start to its intent once, and expires the rest', async () => {
    const deadline = new Date(t0.getTime() + 300_000);
    await db.sessionIntents.create({ chargePointId: 'CP-S', evseId: 1, idTag: 'RPAY1', deadline, workflowId: 'paid/1' });
    await db.sessionIntents.create({ chargePointId: 'CP-S', evseId: 2, idTag: 'X', remoteStartId: 77, deadline, workflowId: 'paid/2' });
    await db.sessionIntents.create({ chargePointId: 'CP-S', evseId: 1, idTag: 'RPAY3', deadline: t0, workflowId: 'paid/3' });
    const { transaction } = await db.transactions.start({ chargePointId: 'CP-S', evseId: 1, startKey: 'paid', startTag: 'RPAY1', startedAt: t0, meterStartWh: 0 });
    const now = new Date(t0.getTime() + 1000);
    expect(await db.sessionIntents.match({ chargePointId: 'CP-S', evseId: 2, idTag: 'RPAY1', transactionId: transaction.id, now })).toBeNull();
    const matched = await db.sessionIntents.match({ chargePointId: 'CP-S', evseId: 1, idTag: 'RPAY1', transactionId: transaction.id, now });
    expect(matched).toMatchObject({ workflowId: 'paid/1', state: 'Matched', transactionId: transaction.id });
    expect(await db.sessionIntents.match({ chargePointId: 'CP-S', evseId: 1, idTag: 'RPAY1', transactionId: transaction.id, now })).toBeNull();
    expect((await db.sessionIntents.match({ chargePointId: 'CP-S', evseId: 5, remoteStartId: 77, transactionId: transaction.id, now }))?.workflowId).toBe('paid/2');
    expect(await db.sessionIntents.expire(now)).toBe(1);
    expect((await db.sessionIntents.getByWorkflowId('paid/3'))?.state).toBe('Expired');
  });

  it('keeps one payment per workflow and de-duplicates webhook events', async () => {
    const input = { workflowId: 'paid/1', sessionId: 'sid-1', chargePointId: 'CP-S', evseId: 1, currency: 'EUR', holdAmountMinor: 3000, pricing: { pricePerMwhMinor: 35_000 } };
    const payment = await db.payments.create(input);
    expect(await db.payments.create(input)).toEqual(payment);
    const updated = await db.payments.update(payment.id, { status: 'Authorized', checkoutSessionId: 'cs_1', authorizedAt: t0 });
    expect(await db.payments.getByCheckoutSessionId('cs_1')).toEqual(updated);
    expect(updated.pricing).toEqual({ pricePerMwhMinor: 35_000 });
    expect(await db.webhookEvents.recordReceived('evt_1', 'checkout.session.completed', t0)).toBe(true);
    expect(await db.webhookEvents.recordReceived('evt_1', 'checkout.session.completed', t0)).toBe(true);
    await db.webhookEvents.markProcessed('evt_1', t0);
    expect(await db.webhookEvents.recordReceived('evt_1', 'checkout.session.completed', t0)).toBe(false);
  });

  it('applies retention to the message log, meter samples and delivered outbox events only', async () => {
    const old = new Date('2025-01-01T00:00:00Z');
    const now = new Date('2026-02-10T00:00:00Z');
    await db.messageLog.insertMany(
      [old, old, now].map((loggedAt, i) => ({ loggedAt, chargePointId: 'CP-S', direction: 'in' as const, messageType: 'CALL' as const, action: 'Heartbeat', uniqueId: `u${i}` })),
    );
    await db.meterSamples.insertMany(
      [old, now].map((sampledAt) => ({ chargePointId: 'CP-S', transactionId: null, evseId: 1, sampledAt, measurand: 'Power.Active.Import', value: 7.5, unit: 'kW' })),
    );
    const report = await applyRetention(db, { messageLogDays: 30, meterSampleDays: 30, deliveredOutboxDays: 7, commandFailureDays: 90, batchSize: 1 }, now);
    expect(report).toEqual({ messageLog: 2, meterSamples: 1, outboxEvents: 2, commandFailures: 0 });
    expect((await db.messageLog.list({ chargePointId: 'CP-S' })).map((m) => m.uniqueId)).toEqual(['u2']);
    expect((await db.outbox.pending(now)).filter((e) => e.workflowId !== 'session/CP-S/order')).toHaveLength(1);
  });
});
