import { z } from 'zod';
import type { ChargePointRecord, ConnectorRecord, TransactionRecord } from '@csms/db';
import { defineOperation } from '../operation.ts';
import { iso, isoTimeOrNull } from '../schemas.ts';

/** Anomalies of OCPP.Core's diagnostics page, plus the ones our data can show beyond it. */
const ISSUES = [
  'OfflineWithOpenTransaction',
  'Faulted',
  'AvailableWithOpenTransaction',
  'SeveralOpenTransactions',
  'StaleOnline',
  'OpenTransactionWithoutConnector',
] as const;
type Issue = (typeof ISSUES)[number];

const rowSchema = z.object({
  chargePointId: z.string(),
  chargePointName: z.string(),
  online: z.boolean(),
  protocol: z.string().nullable(),
  lastSeenAt: isoTimeOrNull,
  connectorId: z.number().int().nullable(),
  connectorName: z.string().nullable(),
  status: z.string().nullable(),
  ocppStatus: z.string().nullable(),
  statusAt: isoTimeOrNull,
  meterWh: z.number().int().nullable(),
  meterAt: isoTimeOrNull,
  powerW: z.number().int().nullable(),
  soc: z.number().int().nullable(),
  openTransactions: z.array(z.object({ id: z.number().int(), startedAt: z.string(), startTag: z.string().nullable() })),
  issues: z.array(z.enum(ISSUES)),
});

/** Online although silent for longer than two heartbeat intervals plus a minute. */
function isStale(cp: ChargePointRecord, now: number): boolean {
  if (!cp.online || !cp.lastSeenAt) return false;
  return now - cp.lastSeenAt.getTime() > (2 * cp.heartbeatInterval + 60) * 1000;
}

function issuesOf(cp: ChargePointRecord, connector: ConnectorRecord | null, open: readonly TransactionRecord[], now: number): Issue[] {
  const issues: Issue[] = [];
  if (!cp.online && open.length > 0) issues.push('OfflineWithOpenTransaction');
  if (cp.online && connector?.status === 'Faulted') issues.push('Faulted');
  if (cp.online && connector?.status === 'Available' && open.length > 0) issues.push('AvailableWithOpenTransaction');
  if (open.length > 1) issues.push('SeveralOpenTransactions');
  if (isStale(cp, now)) issues.push('StaleOnline');
  if (!connector && open.length > 0) issues.push('OpenTransactionWithoutConnector');
  return issues;
}

/** `GET /api/v1/diagnostics`: every connector's stored state against its open transactions, anomalies first. */
export const getDiagnostics = defineOperation({
  operationId: 'getDiagnostics',
  method: 'GET',
  path: '/api/v1/diagnostics',
  tag: 'diagnostics',
  summary: 'Connector state against open transactions, with anomaly flags (anomalies first)',
  description:
    'OCPP.Core’s rules: offline station with an open transaction; online and Faulted; online and Available while a ' +
    'transaction is open. Added: several open transactions on one connector, a station marked online but silent for ' +
    'more than two heartbeat intervals, an open transaction on a connector the station never reported.',
  role: 'admin',
  response: z.object({
    summary: z.object({
      chargePoints: z.number().int(),
      onlineChargePoints: z.number().int(),
      connectors: z.number().int(),
      openTransactions: z.number().int(),
      issues: z.number().int(),
    }),
    rows: z.array(rowSchema),
  }),
  handle: async ({ services }) => {
    const [stations, connectors, open] = await Promise.all([
      services.db.chargePoints.list(),
      services.db.connectors.list(),
      services.db.transactions.listOpen(),
    ]);
    const now = Date.now();
    const rows: z.input<typeof rowSchema>[] = [];
    for (const cp of stations) {
      const own = connectors.filter((c) => c.chargePointId === cp.id && c.evseId > 0);
      const openHere = open.filter((t) => t.chargePointId === cp.id);
      const seen = new Set(own.map((c) => c.evseId));
      const orphanEvses = [...new Set(openHere.filter((t) => !seen.has(t.evseId)).map((t) => t.evseId))];
      const entries: [ConnectorRecord | null, number | null][] = [
        ...own.map((c): [ConnectorRecord, number] => [c, c.evseId]),
        ...orphanEvses.map((evseId): [null, number] => [null, evseId]),
      ];
      if (entries.length === 0) entries.push([null, null]);
      for (const [c, evseId] of entries) {
        const txs = openHere.filter((t) => t.evseId === evseId);
        rows.push({
          chargePointId: cp.id,
          chargePointName: cp.name,
          online: cp.online,
          protocol: cp.protocol,
          lastSeenAt: iso(cp.lastSeenAt),
          connectorId: evseId,
          connectorName: c?.name ?? null,
          status: c?.status ?? null,
          ocppStatus: c?.ocppStatus ?? null,
          statusAt: iso(c?.statusAt ?? null),
          meterWh: c?.meterWh ?? null,
          meterAt: iso(c?.meterAt ?? null),
          powerW: c?.powerW ?? null,
          soc: c?.soc ?? null,
          openTransactions: txs.map((t) => ({ id: t.id, startedAt: t.startedAt.toISOString(), startTag: t.startTag })),
          issues: issuesOf(cp, c, txs, now),
        });
      }
    }
    rows.sort((a, b) => Number(b.issues.length > 0) - Number(a.issues.length > 0));
    return {
      summary: {
        chargePoints: stations.length,
        onlineChargePoints: stations.filter((cp) => cp.online).length,
        connectors: connectors.filter((c) => c.evseId > 0).length,
        openTransactions: open.length,
        issues: rows.reduce((sum, r) => sum + r.issues.length, 0),
      },
      rows,
    };
  },
});
