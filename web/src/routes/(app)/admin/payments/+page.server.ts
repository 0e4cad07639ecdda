import type { PaymentStatus } from '@csms/temporal';
import { en } from '$lib/i18n/en.ts';
import { listView } from '$lib/server/lists/list-params.ts';
import { paymentListParams } from '$lib/server/lists/payment-list.ts';
import { paymentViews } from '$lib/server/payments/payment-view.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** Every payment status, in the order a payment passes through them (the catalog lists them that way). */
const STATUSES = Object.keys(en.payments.state) as PaymentStatus[];

/** One page of the payments, newest first unless sorted otherwise, filtered by status and searched in SQL. */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireAdmin(locals);
  const services = getServices();
  const { params, status } = paymentListParams(url);
  const page = await services.db.payments.page(params, { status });
  return {
    statuses: STATUSES,
    filters: (status ? { status } : {}) as Record<string, string>,
    view: listView(params, page.total),
    items: await paymentViews(services, page.rows),
  };
};
