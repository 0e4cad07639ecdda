import { csvExportResponse } from '$lib/server/lists/csv-export.ts';
import { CONNECTOR_CSV_HEADER, connectorCsvCells, connectorListParams } from '$lib/server/lists/connector-list.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { RequestHandler } from './$types';

/** The connector list as CSV, with the page's search and sort (`?q=&sort=&dir=`). Admins only. */
export const GET: RequestHandler = ({ url, locals }) => {
  requireAdmin(locals);
  const db = getServices().db;
  return csvExportResponse({
    name: 'connectors',
    header: CONNECTOR_CSV_HEADER,
    query: connectorListParams(url),
    fetchPage: (query) => db.connectors.page(query),
    cells: connectorCsvCells,
    locale: locals.locale === 'de' ? 'de' : 'en',
  });
};
