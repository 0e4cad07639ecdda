import { getDiagnostics } from '$lib/server/api/operations/diagnostics.ts';
import { signedIn } from '$lib/server/ui/guard.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

type Diagnostics = {
  summary: { chargePoints: number; onlineChargePoints: number; connectors: number; openTransactions: number; issues: number };
  rows: {
    chargePointId: string;
    chargePointName: string;
    online: boolean;
    protocol: string | null;
    connectorId: number | null;
    connectorName: string | null;
    status: string | null;
    ocppStatus: string | null;
    statusAt: string | null;
    meterWh: number | null;
    openTransactions: { id: number; startedAt: string; startTag: string | null }[];
    issues: string[];
  }[];
};

/** The same report as `GET /api/v1/diagnostics`. */
export const load: PageServerLoad = async (event) => {
  const principal = signedIn(event.locals);
  const report = (await getDiagnostics.handle({ params: {}, query: {}, body: undefined, principal, services: getServices(), event })) as Diagnostics;
  return report;
};
