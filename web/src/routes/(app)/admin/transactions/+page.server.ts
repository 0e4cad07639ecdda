import { listView } from '$lib/server/lists/list-params.ts';
import { transactionListParams, transactionListRow } from '$lib/server/lists/transaction-list.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** One page of every station's transactions, newest first unless sorted otherwise, searched in SQL. */
export const load: PageServerLoad = async ({ url }) => {
  const params = transactionListParams(url);
  const page = await getServices().db.transactions.page(params);
  return { view: listView(params, page.total), transactions: page.rows.map(transactionListRow) };
};
