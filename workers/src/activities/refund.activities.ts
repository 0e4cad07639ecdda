import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import type { Database } from '@csms/db';
import type { RefundActivities } from '@csms/temporal';
import { stripeFailure } from '../payments/stripe-failure.ts';

/** The admin refund's activity. */
export function createRefundActivities(stripe: Stripe, database: Database): RefundActivities {
  return {
    async refundPayment({ paymentId, amountMinor, refundId }) {
      const payment = await database.payments.get(paymentId);
      if (!payment || !payment.paymentIntentId || !payment.capturedAmountMinor || payment.status !== 'Captured') {
        throw ApplicationFailure.nonRetryable(`payment ${paymentId} has nothing captured to refund`, 'NotRefundable');
      }
      const intentId = payment.paymentIntentId;
      if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0 || amountMinor > payment.capturedAmountMinor) {
        throw ApplicationFailure.nonRetryable(`a refund must be between 1 and ${payment.capturedAmountMinor}`, 'InvalidRefundAmount');
      }
      try {
        await stripe.refunds.create({ payment_intent: intentId, amount: amountMinor }, { idempotencyKey: `refund:${paymentId}:${refundId}` });
        const refunds = await stripe.refunds.list({ payment_intent: intentId, limit: 100 });
        const refundedMinor = refunds.data.filter((r) => r.status !== 'failed' && r.status !== 'canceled').reduce((sum, r) => sum + r.amount, 0);
        await database.payments.update(paymentId, { refundedAmountMinor: refundedMinor });
        return { refundedMinor };
      } catch (error) {
        throw stripeFailure(error);
      }
    },
  };
}
