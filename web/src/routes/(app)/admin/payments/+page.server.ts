import type { PaymentStatus } from '@csms/temporal';
import { en } from '$lib/i18n/en.ts';
import { listPayments } from '$lib/server/payments/admin.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;
/** Every payment status, in the order a payment passes through them (the catalog lists them that way). */
const STATUSES = Object.keys(en.payments.state) as PaymentStatus[];

/** Payments, newest first, filtered by status and station, 50 a page. */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireAdmin(locals);
  const status = STATUSES.find((s) => s === url.searchParams.get('status'));
  const chargePointId = url.searchParams.get('chargePointId')?.trim() || undefined;
  const offset = Math.max(0, Math.floor(Number(url.searchParams.get('offset')) || 0));
  const page = await listPayments(getServices(), { status, chargePointId, limit: PAGE_SIZE, offset });
  return {
    statuses: STATUSES,
    filters: { ...(status ? { status } : {}), ...(chargePointId ? { chargePointId } : {}) } as Record<string, string>,
    page: { ...page, items: [...page.items] },
  };
};
