import { z } from 'zod';
import { CsvWriter, csvQuery, kWh, wantsCsv } from '../../csv.ts';
import { ApiError } from '../../errors.ts';
import { defineOperation } from '../operation.ts';
import { timeInput } from '../schemas.ts';
import { allTransactions, loadNames } from './transaction-view.ts';

const tagTotal = z.object({ tagId: z.string(), name: z.string().nullable(), transactions: z.number().int(), energyWh: z.number().int() });
const reportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groups: z.array(
    z.object({
      group: z.string().nullable().describe('parent tag id; null for tags without a group'),
      groupName: z.string().nullable(),
      energyWh: z.number().int(),
      tags: z.array(tagTotal),
    }),
  ),
  totalEnergyWh: z.number().int(),
});

function previousMonth(now: Date): { from: Date; to: Date } {
  return {
    from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
  };
}

/** `GET /api/v1/reports/charge`: energy per tag, grouped by tag group, over a date range; JSON or CSV. */
export const getChargeReport = defineOperation({
  operationId: 'getChargeReport',
  method: 'GET',
  path: '/api/v1/reports/charge',
  tag: 'reports',
  summary: 'Energy per tag grouped by tag group (parent tag) for transactions started in a range; also as CSV',
  description: 'Default range: the previous calendar month (UTC). Rejected starts are left out; open ones count with 0 Wh.',
  role: 'user',
  csv: true,
  query: z.object({ from: timeInput.optional(), to: timeInput.optional(), format: z.enum(['json', 'csv']).optional(), ...csvQuery }),
  response: reportSchema,
  handle: async ({ query, services, event }) => {
    const fallback = previousMonth(new Date());
    const from = query.from ?? fallback.from;
    const to = query.to ?? fallback.to;
    if (to <= from) throw new ApiError(400, 'ValidationFailed', 'to: must be after from', { field: 'to' });
    const names = await loadNames(services);
    const groups = new Map<string | null, Map<string, { transactions: number; energyWh: number }>>();
    for (const t of await allTransactions(services, { from, to })) {
      if (t.status === 'Rejected' || !t.startTag) continue;
      const group = names.tags.get(t.startTag)?.group ?? null;
      const tags = groups.get(group) ?? new Map();
      const total = tags.get(t.startTag) ?? { transactions: 0, energyWh: 0 };
      total.transactions += 1;
      total.energyWh += t.energyWh ?? 0;
      tags.set(t.startTag, total);
      groups.set(group, tags);
    }
    const report = [...groups.entries()]
      .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))
      .map(([group, tags]) => {
        const rows = [...tags.entries()]
          .map(([tagId, total]) => ({ tagId, name: names.tags.get(tagId)?.name ?? null, ...total }))
          .sort((a, b) => (a.name ?? a.tagId).localeCompare(b.name ?? b.tagId));
        const groupName = group ? (names.tags.get(group)?.name ?? null) : null;
        return { group, groupName, energyWh: rows.reduce((sum, r) => sum + r.energyWh, 0), tags: rows };
      });
    if (wantsCsv(event.url, event.request.headers.get('accept'))) {
      const csv = new CsvWriter(query).row(
        query.locale === 'de'
          ? ['Gruppe', 'Gruppenname', 'Tag', 'Tag-Name', 'Ladevorgänge', 'Energie (kWh)']
          : ['Group', 'Group name', 'Tag', 'Tag name', 'Transactions', 'Energy (kWh)'],
      );
      for (const g of report) for (const r of g.tags) csv.row([g.group, g.groupName, r.tagId, r.name, String(r.transactions), kWh(r.energyWh)]);
      return csv.toResponse(`charge-report_${from.toISOString().slice(0, 10)}_${to.toISOString().slice(0, 10)}.csv`);
    }
    return { from: from.toISOString(), to: to.toISOString(), groups: report, totalEnergyWh: report.reduce((sum, g) => sum + g.energyWh, 0) };
  },
});
