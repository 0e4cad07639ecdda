import { getChargeReport } from '$lib/server/api/operations/reports.ts';
import { signedIn } from '$lib/server/ui/guard.ts';
import { quickRanges } from '$lib/server/ui/quick-ranges.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Energy per tag grouped by tag group, from the same operation as `GET /api/v1/reports/charge`. */
export const load: PageServerLoad = async (event) => {
  const principal = signedIn(event.locals);
  const ranges = quickRanges(new Date());
  const fromText = event.url.searchParams.get('from') ?? '';
  const toText = event.url.searchParams.get('to') ?? '';
  const from = DATE.test(fromText) ? fromText : ranges.previousMonth.from;
  const to = DATE.test(toText) ? toText : ranges.previousMonth.to;
  const end = isoDate(new Date(Date.parse(to) + DAY));
  const badRange = Date.parse(end) <= Date.parse(from);
  const query = getChargeReport.query!.parse({ from, to: end });
  const report = badRange
    ? null
    : ((await getChargeReport.handle({ params: {}, query, body: undefined, principal, services: getServices(), event })) as {
        groups: { group: string | null; groupName: string | null; energyWh: number; tags: { tagId: string; name: string | null; transactions: number; energyWh: number }[] }[];
        totalEnergyWh: number;
      });
  return { from, to, end, ranges, badRange, report };
};
