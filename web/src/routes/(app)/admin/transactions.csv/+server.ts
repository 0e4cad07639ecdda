import { csvExportResponse } from '$lib/server/lists/csv-export.ts';
import { TRANSACTION_CSV_HEADER, transactionCsvCells, transactionListParams } from '$lib/server/lists/transaction-list.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { RequestHandler } from './$types';

/** The transaction list as CSV, with the page's search and sort (`?q=&sort=&dir=`). Admins only. */
export const GET: RequestHandler = ({ url, locals }) => {
  requireAdmin(locals);
  const db = getServices().db;
  return csvExportResponse({
    name: 'transactions',
    header: TRANSACTION_CSV_HEADER,
    query: transactionListParams(url),
    fetchPage: (query) => db.transactions.page(query),
    cells: transactionCsvCells,
    locale: locals.locale === 'de' ? 'de' : 'en',
  });
};
