import type { Repositories, TransactionRecord } from '@csms/db';
import { sessionEvent, type OutboxAppend } from './session-events.ts';

/** What {@link adoptOpenTransaction} needs from the TransactionEvent `Updated` that authorizes the transaction. */
export interface AdoptionInput {
  /** The idToken of the event (a paid session's generated tag), already accepted for this session; null: none came. */
  readonly idTag: string | null;
  readonly remoteStartId: number | null;
  /** The station's time of the authorization: the session is billed from here. */
  readonly at: Date;
  /** The energy register with the authorization, when the event carries one. */
  readonly meterWh: number | undefined;
  readonly triggerReason: string;
  readonly seqNo: number;
  readonly now: Date;
}

/** Whether `row` is a 2.x transaction opened at plug-in that nobody has authorized yet (nobody's session). */
export function awaitsAuthorization(row: TransactionRecord): boolean {
  return row.status === 'Active' && row.stoppedAt === null && row.startTag === null && row.remoteStartId === null && row.paymentId === null;
}

/**
 * A 2.x station with `TxCtrlr.TxStartPoint` `EVConnected` opens the transaction when the cable goes in, before the
 * driver pays; the paid session's RequestStartTransaction then authorizes that open transaction, and the station says
 * so in a TransactionEvent `Updated` with the session's idToken and `remoteStartId` (OCPP 2.0.1 F02, "cable plugin
 * first"). Inside the event's DB transaction: match the session intent, move the row to the paid session's workflow
 * with the authorization as its start (time, register, tag), tell the default session that opened it that it is
 * handed over, and send the paid session its `started`. Null (nothing changed) when no pending intent matches.
 */
export async function adoptOpenTransaction(
  tx: Repositories,
  row: TransactionRecord,
  input: AdoptionInput,
): Promise<{ readonly row: TransactionRecord; readonly events: OutboxAppend[] } | null> {
  if (!awaitsAuthorization(row) || (input.idTag === null && input.remoteStartId === null)) return null;
  const intent = await tx.sessionIntents.match({
    chargePointId: row.chargePointId,
    evseId: row.evseId,
    idTag: input.idTag,
    remoteStartId: input.remoteStartId,
    transactionId: row.id,
    now: input.now,
  });
  if (!intent) return null;
  const handedOver = sessionEvent('handedOver', row, input.at, input.now, { toWorkflowId: intent.workflowId });
  await tx.transactions.link(row.id, { workflowId: intent.workflowId });
  const amended = await tx.transactions.amendStart(row.id, {
    startedAt: input.at,
    meterStartWh: input.meterWh ?? null,
    // the station may name the remote start before it sends the token: the token is the one the CSMS gave it
    startTag: input.idTag ?? intent.idTag,
    startReason: input.triggerReason,
    remoteStartId: input.remoteStartId,
  });
  const adopted: TransactionRecord = { ...amended, workflowId: intent.workflowId, maxEnergyWh: intent.maxEnergyWh ?? amended.maxEnergyWh };
  const started = sessionEvent('started', adopted, input.at, input.now, {
    meterWh: adopted.meterStartPending ? undefined : adopted.meterStartWh,
    evseId: adopted.evseId,
    connectorId: adopted.connectorId,
    idTag: adopted.startTag,
    externalId: adopted.externalId,
    remoteStartId: adopted.remoteStartId,
    startReason: adopted.startReason,
    matchedIntent: true,
    adopted: true,
    triggerReason: input.triggerReason,
    seqNo: input.seqNo,
  });
  return { row: adopted, events: [handedOver, started] };
}
