import { listMessageLog } from '$lib/server/api/operations/message-log.ts';
import { signedIn } from '$lib/server/ui/guard.ts';
import { fieldErrorsOfZod } from '$lib/server/ui/form-errors.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

const FILTERS = ['chargePointId', 'action', 'direction', 'messageType', 'from', 'to', 'beforeId'] as const;
const DAY = 86_400_000;

type Entry = {
  id: number;
  loggedAt: string;
  chargePointId: string;
  direction: 'in' | 'out';
  messageType: string;
  action: string | null;
  uniqueId: string | null;
  payload: string | null;
  errorCode: string | null;
};

/** The message log, newest first, filtered like `GET /api/v1/message-log` (dates are whole days, `to` inclusive). */
export const load: PageServerLoad = async (event) => {
  const principal = signedIn(event.locals);
  const filters: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = event.url.searchParams.get(name)?.trim();
    if (value) filters[name] = value;
  }
  const query: Record<string, string> = { ...filters, limit: '100' };
  if (/^\d{4}-\d{2}-\d{2}$/.test(filters.to ?? '')) query.to = new Date(Date.parse(filters.to!) + DAY).toISOString().slice(0, 10);
  const parsed = listMessageLog.query!.safeParse(query);
  if (!parsed.success) return { filters, errors: fieldErrorsOfZod(parsed.error), items: [] as Entry[], nextBeforeId: null };
  const page = (await listMessageLog.handle({ params: {}, query: parsed.data, body: undefined, principal, services: getServices(), event })) as {
    items: Entry[];
    nextBeforeId: number | null;
  };
  return { filters, errors: {}, ...page };
};
