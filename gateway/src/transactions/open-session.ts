import type { Repositories, TransactionRecord, TransactionStart } from '@csms/db';
import { chargingSessionWorkflowId } from '@csms/temporal';
import { sessionEvent } from './session-events.ts';

/** What {@link openSession} needs. */
export interface OpenSessionInput {
  readonly start: TransactionStart;
  /** The connector status a start implies (1.6 `Charging`, 2.x `Occupied`), set unless the station said something newer. */
  readonly impliedStatus?: string;
  /** How a paid or remote session's intent recognises this start (1.6: idTag + connector; 2.x: `remoteStartId`). */
  readonly intent?: { readonly idTag?: string | null; readonly remoteStartId?: number | null };
  readonly now: Date;
  /** Append the `started` event (default true; false when the row is opened by a stop). */
  readonly announce?: boolean;
  /** Extra fields of the `started` event. */
  readonly startedFields?: Record<string, unknown>;
}

/**
 * Opens a transaction inside a DB transaction (DESIGN.md §3): the row (idempotent by its start key), the session's
 * workflow (a matched intent's, else the default one for the row), the connector and the `started` event, all
 * committed together. A rejected row starts no session. An existing row is returned untouched (`created: false`).
 */
export async function openSession(tx: Repositories, input: OpenSessionInput): Promise<{ transaction: TransactionRecord; created: boolean }> {
  const opened = await tx.transactions.start(input.start);
  if (!opened.created || opened.transaction.status !== 'Active') return opened;
  let row = opened.transaction;
  const intent = input.intent
    ? await tx.sessionIntents.match({
        chargePointId: row.chargePointId,
        evseId: row.evseId,
        idTag: input.intent.idTag ?? null,
        remoteStartId: input.intent.remoteStartId ?? null,
        transactionId: row.id,
        now: input.now,
      })
    : null;
  const workflowId = intent?.workflowId ?? chargingSessionWorkflowId(row.chargePointId, row.id);
  await tx.transactions.link(row.id, { workflowId });
  // the match gave the row the paid session's maximum energy: the actor's cache must raise limitReached from the first reading
  row = { ...row, workflowId, maxEnergyWh: intent?.maxEnergyWh ?? row.maxEnergyWh };
  if (input.impliedStatus && row.evseId > 0) {
    const key = { chargePointId: row.chargePointId, evseId: row.evseId, connectorId: row.connectorId };
    const newest = await tx.connectors.recordImpliedStatus(key, { ocppStatus: input.impliedStatus, at: row.startedAt });
    if (newest && !row.meterStartPending) await tx.connectors.recordMeter(key, { meterWh: row.meterStartWh, at: row.startedAt });
  }
  if (input.announce ?? true) {
    await tx.outbox.append(
      sessionEvent('started', row, row.startedAt, input.now, {
        meterWh: row.meterStartPending ? undefined : row.meterStartWh,
        evseId: row.evseId,
        connectorId: row.connectorId,
        idTag: row.startTag,
        externalId: row.externalId,
        remoteStartId: row.remoteStartId,
        startReason: row.startReason,
        matchedIntent: intent ? true : undefined,
        ...input.startedFields,
      }),
    );
  }
  return { transaction: row, created: true };
}
