import { csvExportResponse } from '$lib/server/lists/csv-export.ts';
import { STATION_CSV_HEADER, stationCsvCells, stationListParams } from '$lib/server/lists/station-list.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { RequestHandler } from './$types';

/** The station list as CSV, with the page's search and sort (`?q=&sort=&dir=`). Admins only. */
export const GET: RequestHandler = ({ url, locals }) => {
  requireAdmin(locals);
  const db = getServices().db;
  return csvExportResponse({
    name: 'charge-points',
    header: STATION_CSV_HEADER,
    query: stationListParams(url),
    fetchPage: (query) => db.chargePoints.page(query),
    cells: stationCsvCells,
    locale: locals.locale === 'de' ? 'de' : 'en',
  });
};
