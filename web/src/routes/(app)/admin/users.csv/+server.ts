import { csvExportResponse } from '$lib/server/lists/csv-export.ts';
import { USER_CSV_HEADER, userCsvCells, userListParams } from '$lib/server/lists/user-list.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { RequestHandler } from './$types';

/** The user list as CSV, with the page's search and sort (`?q=&sort=&dir=`). Admins only. */
export const GET: RequestHandler = ({ url, locals }) => {
  requireAdmin(locals);
  const db = getServices().db;
  return csvExportResponse({
    name: 'users',
    header: USER_CSV_HEADER,
    query: userListParams(url),
    fetchPage: (query) => db.users.page(query),
    cells: userCsvCells,
    locale: locals.locale === 'de' ? 'de' : 'en',
  });
};
