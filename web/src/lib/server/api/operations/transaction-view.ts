import { z } from 'zod';
import type { TransactionQuery, TransactionRecord } from '@csms/db';
import type { Services } from '../../services.ts';
import { iso, isoTime, isoTimeOrNull } from '../schemas.ts';

/** A transaction in API responses; energy in Wh. */
export const transactionSchema = z.object({
  id: z.number().int().describe('the 1.6 transactionId'),
  externalId: z.string().nullable().describe('the 2.x transactionId'),
  chargePointId: z.string(),
  connectorId: z.number().int(),
  connectorName: z.string().nullable(),
  startTag: z.string().nullable(),
  startTagName: z.string().nullable(),
  startedAt: isoTime,
  meterStartWh: z.number().int(),
  startReason: z.string().nullable(),
  stopTag: z.string().nullable(),
  stopTagName: z.string().nullable(),
  stoppedAt: isoTimeOrNull,
  meterStopWh: z.number().int().nullable(),
  stopReason: z.string().nullable(),
  energyWh: z.number().int().nullable().describe('null while open; see lastMeterWh'),
  lastMeterWh: z.number().int().nullable(),
  lastMeterAt: isoTimeOrNull,
  status: z.enum(['Active', 'Completed', 'Rejected', 'Closed']),
  dataIssue: z.string().nullable(),
});

/** Tag and connector names, to show transactions the way people know their cards and connectors. */
export interface NameBook {
  readonly tags: Map<string, { name: string; group: string | null }>;
  readonly connectors: Map<string, string>;
}

/** Loads the names of all tags and connectors. */
export async function loadNames(services: Services): Promise<NameBook> {
  const [tags, connectors] = await Promise.all([services.db.chargeTags.list(), services.db.connectors.list()]);
  return {
    tags: new Map(tags.map((t) => [t.tagId, { name: t.name, group: t.parentTagId }])),
    connectors: new Map(connectors.filter((c) => c.name).map((c) => [`${c.chargePointId}\0${c.evseId}`, c.name!])),
  };
}

/** Maps a transaction to {@link transactionSchema}. */
export function transactionView(t: TransactionRecord, names: NameBook): z.input<typeof transactionSchema> {
  return {
    id: t.id,
    externalId: t.externalId,
    chargePointId: t.chargePointId,
    connectorId: t.evseId,
    connectorName: names.connectors.get(`${t.chargePointId}\0${t.evseId}`) ?? null,
    startTag: t.startTag,
    startTagName: t.startTag ? (names.tags.get(t.startTag)?.name ?? null) : null,
    startedAt: iso(t.startedAt),
    meterStartWh: t.meterStartWh,
    startReason: t.startReason,
    stopTag: t.stopTag,
    stopTagName: t.stopTag ? (names.tags.get(t.stopTag)?.name ?? null) : null,
    stoppedAt: iso(t.stoppedAt),
    meterStopWh: t.meterStopWh,
    stopReason: t.stopReason,
    energyWh: t.energyWh,
    lastMeterWh: t.lastMeterWh,
    lastMeterAt: iso(t.lastMeterAt),
    status: t.status,
    dataIssue: t.dataIssue,
  };
}

/** The most rows one export reads. */
export const EXPORT_MAX_ROWS = 100_000;

/** Every transaction matching `query` (newest first), read in pages, at most {@link EXPORT_MAX_ROWS}. */
export async function allTransactions(services: Services, query: TransactionQuery): Promise<TransactionRecord[]> {
  const rows: TransactionRecord[] = [];
  for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += 1000) {
    const page = await services.db.transactions.list({ ...query, limit: 1000, offset });
    rows.push(...page);
    if (page.length < 1000) break;
  }
  return rows;
}
