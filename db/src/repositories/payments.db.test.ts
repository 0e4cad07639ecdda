import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { ConnectorBusyError } from '../errors.ts';

/** The payment table's rules of paid sessions, on SQLite and (in the PostgreSQL pass) PostgreSQL. */
describe('payments', () => {
  let db: TestDatabase;
  const base = { chargePointId: 'CP-PAID', currency: 'EUR', holdAmountMinor: 900, pricing: { pricePerMwhMinor: 40_000 } };

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create('CP-PAID', { name: 'Paid' });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('allows one active paid session per connector, enforced by the database, and frees the connector when it ends', async () => {
    const first = await db.payments.create({ ...base, workflowId: 'w/1', sessionId: 'a'.repeat(22), evseId: 1 });
    // a retried activity gets its own row back
    expect(await db.payments.create({ ...base, workflowId: 'w/1', sessionId: 'a'.repeat(22), evseId: 1 })).toEqual(first);
    await expect(db.payments.create({ ...base, workflowId: 'w/2', sessionId: 'b'.repeat(22), evseId: 1 })).rejects.toBeInstanceOf(ConnectorBusyError);
    // another connector of the same station is free
    await db.payments.create({ ...base, workflowId: 'w/3', sessionId: 'c'.repeat(22), evseId: 2 });
    expect((await db.payments.activeOn('CP-PAID', 1))?.workflowId).toBe('w/1');

    await db.payments.update(first.id, { status: 'Authorized', paymentIntentId: 'pi_1' });
    expect((await db.payments.activeOn('CP-PAID', 1))?.id).toBe(first.id);
    await db.payments.update(first.id, { status: 'Captured', capturedAmountMinor: 500, releasedAmountMinor: 400 });
    expect(await db.payments.activeOn('CP-PAID', 1)).toBeNull();
    const next = await db.payments.create({ ...base, workflowId: 'w/4', sessionId: 'd'.repeat(22), evseId: 1 });
    expect(next.status).toBe('PendingPayment');
  });

  it('finds a payment by the driver’s session id and by its Stripe ids, and lists newest first with filters', async () => {
    const payment = (await db.payments.getBySessionId('d'.repeat(22)))!;
    await db.payments.update(payment.id, { checkoutSessionId: 'cs_4', paymentIntentId: 'pi_4', status: 'Failed', failureCode: 'CheckoutExpired' });
    expect((await db.payments.getByCheckoutSessionId('cs_4'))?.id).toBe(payment.id);
    expect((await db.payments.getByPaymentIntentId('pi_4'))?.failureCode).toBe('CheckoutExpired');
    const all = await db.payments.list({ chargePointId: 'CP-PAID' });
    expect(all.total).toBe(3);
    expect(all.items.map((p) => p.workflowId)).toEqual(['w/4', 'w/3', 'w/1']);
    expect((await db.payments.list({ status: 'Captured' })).items.map((p) => p.workflowId)).toEqual(['w/1']);
    await expect(db.payments.update(payment.id, { refundedAmountMinor: -1 })).rejects.toThrow(/whole number/);
  });
});
