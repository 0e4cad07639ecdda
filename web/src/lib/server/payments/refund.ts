import { randomUUID } from 'node:crypto';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { REFUND_PAYMENT_WORKFLOW, refundWorkflowId, type RefundPaymentInput } from '@csms/temporal';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import type { PaymentView } from './driver-types.ts';
import { readPayment } from './payment-view.ts';

/** See `refundPayment` in `./admin.ts`. */
export async function runRefund(services: Services, id: number, amountMinor?: number, requestedBy = 'admin'): Promise<PaymentView> {
  const payment = await services.db.payments.get(id);
  if (!payment) throw new ApiError(404, 'NotFound', `payment ${id} does not exist`);
  const left = (payment.capturedAmountMinor ?? 0) - payment.refundedAmountMinor;
  if (payment.status !== 'Captured' || left <= 0) throw new ApiError(409, 'NotRefundable', 'nothing captured is left to refund');
  const amount = amountMinor ?? left;
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > left) {
    throw new ApiError(400, 'ValidationFailed', `the amount must be between 1 and ${left}`, { field: 'amountMinor' });
  }
  const refundId = randomUUID();
  const input: RefundPaymentInput = { paymentId: id, amountMinor: amount, requestedBy, refundId };
  let handle;
  try {
    handle = await services.temporalConnection.withDeadline(Date.now() + 5000, () =>
      services.temporal.workflow.start(REFUND_PAYMENT_WORKFLOW, {
        workflowId: refundWorkflowId(id, refundId),
        taskQueue: services.config.sessionTaskQueue,
        args: [input],
        workflowExecutionTimeout: '5 minutes',
      }),
    );
  } catch (error) {
    throw new ApiError(503, 'TemporalUnavailable', 'refunds are unavailable right now', {}, { cause: error });
  }
  try {
    await handle.result();
  } catch (error) {
    const cause = error instanceof WorkflowFailedError ? error.cause?.cause ?? error.cause : undefined;
    const type = cause instanceof ApplicationFailure ? cause.type : undefined;
    services.log.warn({ paymentId: id, type }, 'refund failed');
    if (type === 'NotRefundable') throw new ApiError(409, 'NotRefundable', 'nothing captured is left to refund', {}, { cause: error });
    if (type === 'InvalidRefundAmount') throw new ApiError(400, 'ValidationFailed', 'the amount is more than is left', { field: 'amountMinor' }, { cause: error });
    throw new ApiError(502, 'PaymentProviderError', 'Stripe did not take the refund', {}, { cause: error });
  }
  services.log.info({ paymentId: id, amountMinor: amount, by: requestedBy }, 'payment refunded');
  return (await readPayment(services, id))!;
}
