import type { MessageLogQuery, MessageLogRecord } from '@csms/db';
import { listMessageLog } from '../api/operations/message-log.ts';
import type { CsvCell } from '../csv.ts';

const FILTERS = ['chargePointId', 'action', 'direction', 'messageType', 'from', 'to'] as const;
const DAY = 86_400_000;

/** Rows the export reads per step. */
export const MESSAGE_LOG_BATCH = 500;

/**
 * The message log page's filters from its URL, as the page reads them (dates are whole days, `to` inclusive), for the
 * export; null when one is malformed (the page shows the field's error, the export answers 400).
 */
export function messageLogFilters(url: URL): Omit<MessageLogQuery, 'beforeId' | 'limit'> | null {
  const query: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = url.searchParams.get(name)?.trim();
    if (value) query[name] = value;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(query.to ?? '')) query.to = new Date(Date.parse(query.to!) + DAY).toISOString().slice(0, 10);
  const parsed = listMessageLog.query!.safeParse(query);
  if (!parsed.success) return null;
  const { beforeId: _before, limit: _limit, ...filters } = parsed.data as MessageLogQuery;
  return filters;
}

/** The log newest first in keyset steps (`beforeId`), never an OFFSET over a table of millions of rows. */
export async function* messageLogBatches(list: (query: MessageLogQuery) => Promise<MessageLogRecord[]>, filters: MessageLogQuery): AsyncGenerator<MessageLogRecord[]> {
  let beforeId: number | undefined;
  for (;;) {
    const rows = await list({ ...filters, ...(beforeId === undefined ? {} : { beforeId }), limit: MESSAGE_LOG_BATCH });
    yield rows;
    if (rows.length < MESSAGE_LOG_BATCH) return;
    beforeId = rows[rows.length - 1]!.id;
  }
}

/** The CSV columns of the message log. */
export const MESSAGE_LOG_CSV_HEADER = ['id', 'loggedAt', 'chargePointId', 'direction', 'messageType', 'action', 'uniqueId', 'errorCode', 'payload'] as const;

/** An entry's CSV cells, in {@link MESSAGE_LOG_CSV_HEADER} order. */
export function messageLogCsvCells(entry: MessageLogRecord): CsvCell[] {
  return [String(entry.id), entry.loggedAt, entry.chargePointId, entry.direction, entry.messageType, entry.action, entry.uniqueId, entry.errorCode, entry.payload];
}
