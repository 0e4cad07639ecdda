import { csvExportResponse } from '$lib/server/lists/csv-export.ts';
import { PAYMENT_CSV_HEADER, paymentCsvCells, paymentListParams } from '$lib/server/lists/payment-list.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { RequestHandler } from './$types';

/** The payment list as CSV, with the page's status filter, search and sort (`?status=&q=&sort=&dir=`). Admins only. */
export const GET: RequestHandler = ({ url, locals }) => {
  requireAdmin(locals);
  const db = getServices().db;
  const { params, status } = paymentListParams(url);
  return csvExportResponse({
    name: 'payments',
    header: PAYMENT_CSV_HEADER,
    query: params,
    fetchPage: (query) => db.payments.page(query, { status }),
    cells: paymentCsvCells,
    locale: locals.locale === 'de' ? 'de' : 'en',
  });
};
