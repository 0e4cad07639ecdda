import { csvExportResponse } from '$lib/server/lists/csv-export.ts';
import { TAG_CSV_HEADER, tagCsvCells, tagListParams } from '$lib/server/lists/tag-list.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { RequestHandler } from './$types';

/** The tag list as CSV, with the page's search and sort (`?q=&sort=&dir=`). Admins only. */
export const GET: RequestHandler = ({ url, locals }) => {
  requireAdmin(locals);
  const db = getServices().db;
  return csvExportResponse({
    name: 'charge-tags',
    header: TAG_CSV_HEADER,
    query: tagListParams(url),
    fetchPage: (query) => db.chargeTags.page(query),
    cells: tagCsvCells,
    locale: locals.locale === 'de' ? 'de' : 'en',
  });
};
