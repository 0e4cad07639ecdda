import { error, fail } from '@sveltejs/kit';
import { ApiError } from '$lib/server/errors.ts';
import { getPayment, refundPayment } from '$lib/server/payments/admin.ts';
import { getDriverSession } from '$lib/server/payments/driver.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import { formValues } from '$lib/server/ui/run-form.ts';
import { getServices } from '$lib/server/services.ts';
import { moneyInputExample, parseMoneyInput } from '$lib/ui/money-input.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = { message: 'not found', code: 'NotFound' } as const;

function paymentId(param: string): number {
  const id = Number(param);
  if (!Number.isSafeInteger(id) || id <= 0) error(404, NOT_FOUND);
  return id;
}

/** One payment: its state in words, amounts, Stripe ids, the workflow, the receipt, and the refund form. */
export const load: PageServerLoad = async ({ locals, params }) => {
  requireAdmin(locals);
  const services = getServices();
  const payment = await getPayment(services, paymentId(params.id));
  if (!payment) error(404, NOT_FOUND);
  // the driver's view carries the price list and the session's times, which the receipt shows
  const [station, session] = await Promise.all([services.db.chargePoints.get(payment.chargePointId), getDriverSession(services, payment.sessionId)]);
  return { payment, session, stationName: station?.name ?? payment.chargePointId };
};

/**
 * Refunds the payment in full (empty amount) or in part. The amount is typed in the payment's currency with either
 * decimal separator and taken as exact minor units; what Stripe or the back end refuses comes back as its code.
 */
export const actions: Actions = {
  refund: async ({ locals, params, request }) => {
    const principal = requireAdmin(locals);
    const services = getServices();
    const id = paymentId(params.id);
    const values = await formValues(request);
    const payment = await getPayment(services, id);
    if (!payment) error(404, NOT_FOUND);
    const amount = parseMoneyInput(values.amount ?? '', payment.currency);
    if (!amount.ok) {
      return fail(400, { code: 'amount', example: moneyInputExample(1250, payment.currency, locals.locale), amount: values.amount ?? '' });
    }
    try {
      const after = await refundPayment(services, id, amount.minor ?? undefined, principal.username);
      return { refundedMinor: after.refundedAmountMinor - payment.refundedAmountMinor };
    } catch (caught) {
      if (!(caught instanceof ApiError)) services.log.error({ err: caught, paymentId: id }, 'refund failed');
      return fail(caught instanceof ApiError && caught.status < 500 ? caught.status : 502, {
        code: caught instanceof ApiError ? caught.code : 'Internal',
        amount: values.amount ?? '',
      });
    }
  },
};
