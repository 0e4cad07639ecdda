import { listSecurityEvents } from '$lib/server/api/operations/security-events.ts';
import { signedIn } from '$lib/server/ui/guard.ts';
import { fieldErrorsOfZod } from '$lib/server/ui/form-errors.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

const FILTERS = ['chargePointId', 'critical', 'beforeId'] as const;

type SecurityEvent = {
  id: number;
  chargePointId: string;
  type: string;
  critical: boolean;
  occurredAt: string;
  receivedAt: string;
  techInfo: string | null;
};

/** Stations' security events, newest first, filtered like `GET /api/v1/security-events`. */
export const load: PageServerLoad = async (event) => {
  const principal = signedIn(event.locals);
  const filters: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = event.url.searchParams.get(name)?.trim();
    if (value) filters[name] = value;
  }
  const parsed = listSecurityEvents.query!.safeParse({ ...filters, limit: '100' });
  if (!parsed.success) return { filters, errors: fieldErrorsOfZod(parsed.error), items: [] as SecurityEvent[], nextBeforeId: null };
  const page = (await listSecurityEvents.handle({ params: {}, query: parsed.data, body: undefined, principal, services: getServices(), event })) as {
    items: SecurityEvent[];
    nextBeforeId: number | null;
  };
  return { filters, errors: {}, ...page };
};
