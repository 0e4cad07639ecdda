import { proxyActivities } from '@temporalio/workflow';
import type { RefundActivities, RefundPaymentInput } from '@csms/temporal';

const activities = proxyActivities<RefundActivities>({
  startToCloseTimeout: '30 seconds',
  // the same idempotency key on every attempt: a retry never refunds twice
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', backoffCoefficient: 2, maximumAttempts: 6 },
});

/** An admin's refund of a captured payment (issue 13), recorded in Temporal with who asked for it. */
export async function refundPayment(input: RefundPaymentInput): Promise<{ refundedMinor: number }> {
  return activities.refundPayment(input);
}
