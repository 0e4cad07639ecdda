import type { ConnectorKey, MeterSample, Repositories } from '@csms/db';
import type { ImplausibleDerivation } from './live-power.ts';
import type { OutboxAppend } from './session-events.ts';

/**
 * The writes of one MeterValues message (or the meter part of a transaction message). The node's writer batches
 * them with every other station's (`StationWriter.meter`): one multi-row sample INSERT, one row per connector and
 * per transaction (the newest reading wins), the events in arrival order.
 */
export interface MeterWrite {
  /** The station whose message this is (the writer keeps each station's writes in order). */
  readonly stationId: string;
  readonly samples: readonly MeterSample[];
  /** Live values of the connector (newest reading only; undefined fields stay as they are). */
  readonly connector?: { readonly key: ConnectorKey; readonly meterWh?: number; readonly powerW?: number; readonly soc?: number; readonly at: Date };
  /** The transaction's energy register reading. */
  readonly reading?: { readonly transactionId: number; readonly meterWh: number; readonly at: Date; readonly resolvesStart?: boolean };
  /** Session events (coalesced `meter`, `limitReached`), appended in order. */
  readonly events: readonly OutboxAppend[];
}

/** Counters of the meter values a node wrote (tests and diagnostics). */
export interface MeterBatchStats {
  /** Committed batches that held meter values. */
  batches: number;
  /** Messages written. */
  writes: number;
  samples: number;
  /** Powers derived from energy deltas that were implausible and dropped, by reason (never written as live values). */
  droppedDerivations: Record<ImplausibleDerivation, number>;
}

/**
 * Writes meter values of many messages: one multi-row sample INSERT, one upsert row per connector and one update
 * row per transaction (the newest reading wins, field by field for live values), then the events in arrival order.
 */
export async function applyMeterWrites(tx: Repositories, writes: readonly Omit<MeterWrite, 'stationId'>[]): Promise<void> {
  await tx.bulk.insertMeterSamples(writes.flatMap((w) => w.samples));
  const connectors = new Map<string, NonNullable<MeterWrite['connector']>>();
  for (const { connector: c } of writes) {
    if (!c) continue;
    const key = `${c.key.chargePointId}\u0000${c.key.evseId}\u0000${c.key.connectorId ?? 1}`;
    const before = connectors.get(key);
    connectors.set(key, before && before.at > c.at ? { ...c, ...before } : { ...before, ...c });
  }
  await tx.bulk.recordConnectorMeters(
    [...connectors.values()].map((c) => ({
      chargePointId: c.key.chargePointId,
      evseId: c.key.evseId,
      connectorId: c.key.connectorId ?? 1,
      ...(c.meterWh !== undefined ? { meterWh: c.meterWh } : {}),
      ...(c.powerW !== undefined ? { powerW: c.powerW } : {}),
      ...(c.soc !== undefined ? { soc: c.soc } : {}),
      at: c.at,
    })),
  );
  await tx.bulk.recordTransactionReadings(
    writes.flatMap(({ reading: r }) => (r ? [{ transactionId: r.transactionId, meterWh: r.meterWh, at: r.at, resolvesStart: r.resolvesStart ?? true }] : [])),
  );
  await tx.bulk.appendOutbox(writes.flatMap((w) => w.events));
}
