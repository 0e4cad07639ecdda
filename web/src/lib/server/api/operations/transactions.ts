import { z } from 'zod';
import { CsvWriter, csvQuery, kWh, wantsCsv } from '../../csv.ts';
import { ApiError } from '../../errors.ts';
import { defineOperation } from '../operation.ts';
import { pageOf, pageQuery, queryBoolean, timeInput, text } from '../schemas.ts';
import { allTransactions, loadNames, transactionSchema, transactionView } from './transaction-view.ts';

const filters = {
  chargePointId: text(1, 48).optional(),
  connectorId: z.coerce.number().int().min(0).optional().describe('needs chargePointId to be meaningful'),
  from: timeInput.optional().describe('started at or after'),
  to: timeInput.optional().describe('started before'),
  tag: text(1, 36).optional().describe('started or stopped with this tag'),
  open: queryBoolean.optional().describe('true: only open; false: only finished'),
  status: z.enum(['Active', 'Completed', 'Rejected', 'Closed']).optional(),
};

/** `GET /api/v1/transactions`: JSON pages, or every match as CSV. */
export const listTransactions = defineOperation({
  operationId: 'listTransactions',
  method: 'GET',
  path: '/api/v1/transactions',
  tag: 'transactions',
  summary: 'Transactions, newest first, filtered and paged; also as CSV',
  description:
    'With `format=csv` (or `Accept: text/csv`) the answer is a CSV file of all matches (up to 100,000; `limit` and ' +
    '`offset` are ignored): UTF-8 with BOM, separator and decimal mark after `locale`, energy in kWh.',
  role: 'user',
  csv: true,
  query: z.object({ ...filters, ...pageQuery, format: z.enum(['json', 'csv']).optional(), ...csvQuery }),
  response: pageOf(transactionSchema),
  handle: async ({ query, services, event }) => {
    const filter = {
      chargePointId: query.chargePointId,
      evseId: query.connectorId,
      from: query.from,
      to: query.to,
      tag: query.tag,
      open: query.open,
      status: query.status,
    };
    const names = await loadNames(services);
    if (wantsCsv(event.url, event.request.headers.get('accept'))) {
      const de = query.locale === 'de';
      const csv = new CsvWriter(query).row(
        de
          ? ['Transaktion', 'Ladestation', 'Anschluss', 'Anschlussname', 'Start-Tag', 'Start-Tag Name', 'Start', 'Zählerstart (kWh)', 'Stopp-Tag', 'Stopp-Tag Name', 'Stopp', 'Zählerstopp (kWh)', 'Energie (kWh)', 'Status', 'Stoppgrund']
          : ['Transaction', 'Charge point', 'Connector', 'Connector name', 'Start tag', 'Start tag name', 'Start', 'Meter start (kWh)', 'Stop tag', 'Stop tag name', 'Stop', 'Meter stop (kWh)', 'Energy (kWh)', 'Status', 'Stop reason'],
      );
      for (const t of await allTransactions(services, filter)) {
        const v = transactionView(t, names);
        csv.row([String(t.id), t.chargePointId, String(t.evseId), v.connectorName, t.startTag, v.startTagName, t.startedAt, kWh(t.meterStartWh), t.stopTag, v.stopTagName, t.stoppedAt, kWh(t.meterStopWh), kWh(t.energyWh), t.status, t.stopReason]);
      }
      return csv.toResponse(`transactions${query.chargePointId ? `_${query.chargePointId}` : ''}.csv`);
    }
    const [rows, total] = await Promise.all([
      services.db.transactions.list({ ...filter, limit: query.limit, offset: query.offset }),
      services.db.transactions.count(filter),
    ]);
    return { items: rows.map((t) => transactionView(t, names)), total, limit: query.limit, offset: query.offset };
  },
});

/** `GET /api/v1/transactions/{transactionId}`. */
export const getTransaction = defineOperation({
  operationId: 'getTransaction',
  method: 'GET',
  path: '/api/v1/transactions/{id}',
  tag: 'transactions',
  summary: 'One transaction',
  role: 'user',
  errors: [404],
  params: z.object({ id: z.coerce.number().int().positive().max(2 ** 31) }),
  response: transactionSchema,
  handle: async ({ params, services }) => {
    const t = await services.db.transactions.get(params.id);
    if (!t) throw new ApiError(404, 'NotFound', `transaction ${params.id} does not exist`);
    return transactionView(t, await loadNames(services));
  },
});
