import { error } from '@sveltejs/kit';
import { csvStreamResponse } from '$lib/server/lists/csv-export.ts';
import { MESSAGE_LOG_CSV_HEADER, messageLogBatches, messageLogCsvCells, messageLogFilters } from '$lib/server/lists/message-log-export.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { RequestHandler } from './$types';

/** The message log as CSV, newest first, with the page's filters (`?chargePointId=&action=&…&from=&to=`). Admins only. */
export const GET: RequestHandler = ({ url, locals }) => {
  requireAdmin(locals);
  const filters = messageLogFilters(url);
  if (!filters) error(400, { message: 'a filter is malformed: check the message log page', code: 'ValidationFailed' });
  const db = getServices().db;
  return csvStreamResponse({
    name: 'message-log',
    header: MESSAGE_LOG_CSV_HEADER,
    batches: messageLogBatches((query) => db.messageLog.list(query), filters),
    cells: messageLogCsvCells,
    locale: locals.locale === 'de' ? 'de' : 'en',
  });
};
