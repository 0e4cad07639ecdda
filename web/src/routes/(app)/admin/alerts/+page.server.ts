import { ALERT_KINDS, type AlertKind } from '@csms/db';
import { listAlerts } from '$lib/server/alerts/alert-list.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** Rows per kind and page: the page stays small at any fleet size. */
const PAGE_SIZE = 20;
/** A hand-edited offset beyond this is clamped, not an error. */
const MAX_OFFSET = 1_000_000;

/** Each kind pages on its own: `?offlineStations=40` shows rows 41–60 of that kind and the first rows of the others. */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireAdmin(locals);
  const offsets: Partial<Record<AlertKind, number>> = {};
  for (const kind of ALERT_KINDS) {
    const value = Number(url.searchParams.get(kind) ?? '0');
    if (Number.isSafeInteger(value) && value > 0) offsets[kind] = Math.min(value - (value % PAGE_SIZE), MAX_OFFSET);
  }
  return { pageSize: PAGE_SIZE, ...(await listAlerts(getServices(), { limit: PAGE_SIZE, offsets })) };
};
