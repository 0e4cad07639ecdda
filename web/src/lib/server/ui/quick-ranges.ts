const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/** OCPP.Core's quick ranges as inclusive UTC dates. */
export function quickRanges(now: Date): Record<'previousMonth' | 'previousWeek' | 'yearToDate' | 'previousYear', { from: string; to: string }> {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const today = utc(y, m, now.getUTCDate());
  const monday = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * DAY);
  return {
    previousMonth: { from: isoDate(utc(y, m - 1, 1)), to: isoDate(utc(y, m, 0)) },
    previousWeek: { from: isoDate(new Date(monday.getTime() - 7 * DAY)), to: isoDate(new Date(monday.getTime() - DAY)) },
    yearToDate: { from: isoDate(utc(y, 0, 1)), to: isoDate(today) },
    previousYear: { from: isoDate(utc(y - 1, 0, 1)), to: isoDate(utc(y - 1, 11, 31)) },
  };
}
