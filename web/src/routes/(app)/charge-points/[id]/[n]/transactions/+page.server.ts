import { error } from '@sveltejs/kit';
import { loadNames, transactionView } from '$lib/server/api/operations/transaction-view.ts';
import { tileName } from '$lib/server/ui/overview.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** The periods OCPP.Core offers. */
const PERIODS = [30, 90, 365] as const;

/** Transactions of one connector (0: the whole station) started in the last 30, 90 or 365 days, newest first. */
export const load: PageServerLoad = async ({ params, url }) => {
  const services = getServices();
  const station = await services.db.chargePoints.get(params.id);
  if (!station) error(404, { message: 'not found', code: 'NotFound' });
  const n = Number(params.n);
  if (!Number.isSafeInteger(n) || n < 0) error(404, { message: 'not found', code: 'NotFound' });
  const requested = Number(url.searchParams.get('days'));
  const days = (PERIODS as readonly number[]).includes(requested) ? requested : 30;
  const from = new Date(Date.now() - days * 86_400_000);
  const connectors = (await services.db.connectors.list(station.id)).filter((c) => c.evseId > 0);
  const unique = connectors.filter((c, i) => connectors.findIndex((o) => o.evseId === c.evseId) === i);
  const [rows, names] = await Promise.all([
    services.db.transactions.list({ chargePointId: station.id, evseId: n === 0 ? undefined : n, from, limit: 1000 }),
    loadNames(services),
  ]);
  const connector = unique.find((c) => c.evseId === n) ?? null;
  return {
    station: { id: station.id, name: station.name },
    connectorId: n,
    name: n === 0 ? station.name || station.id : tileName(station, connector, unique.length),
    connectors: unique.map((c) => ({ id: c.evseId, name: tileName(station, c, unique.length) })),
    days,
    periods: [...PERIODS],
    from: from.toISOString(),
    transactions: rows.map((t) => transactionView(t, names)),
  };
};
