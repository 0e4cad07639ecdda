import type { TransactionRecord } from '@csms/db';
import type { GatewayContext } from '../ocpp/context.ts';
import type { StartTransactionRequest, StopTransactionRequest } from '../protocol/types/ocpp16.ts';
import { applyMeterWrite } from './meter-batcher.ts';
import { planMeter, remember } from './meter-planning.ts';
import { readings16 } from './sampled-values.ts';
import { sessionEvent, type OutboxAppend } from './session-events.ts';
import { openSession } from './open-session.ts';
import { hasConcurrentTx, idTagInfo16, stopTagIssue, type IdTagStatus16 } from './tag-rules.ts';
import type { TransactionDeps } from './transaction-deps.ts';

function stationTime(timestamp: string, fallback: Date): Date {
  const at = new Date(timestamp);
  return Number.isNaN(at.getTime()) ? fallback : at;
}

/**
 * 1.6 StartTransaction (DESIGN.md §3): idempotent by (station, connector, idTag, meterStart, timestamp), so a start
 * resent after a lost CALLRESULT gets the same `transactionId` and writes nothing. A refused tag still gets a real
 * `transactionId` on a `Rejected` row (the field is required; OCPP.Core's `0` left stations retrying), so the
 * station's DeAuthorized stop finds it; rejected rows start no session.
 */
export async function startTransaction16(deps: TransactionDeps, context: GatewayContext, request: StartTransactionRequest) {
  const now = context.clock.now();
  const at = stationTime(request.timestamp, now);
  const startKey = `${request.connectorId}|${request.idTag}|${request.meterStart}|${at.toISOString()}`;
  const decision = await context.authorize(request.idTag);
  const existing = await deps.db.transactions.findByStartKey(context.stationId, startKey);
  if (existing) {
    context.logger.info({ transactionId: existing.id }, 'StartTransaction resent: same transaction');
    const status: IdTagStatus16 = existing.status === 'Rejected' ? (decision.status === 'Accepted' ? 'Invalid' : decision.status) : 'Accepted';
    remember(context, existing, now.getTime());
    return { transactionId: existing.id, idTagInfo: idTagInfo16(decision, status) };
  }
  let status: IdTagStatus16 = decision.status;
  if (status === 'Accepted' && (await hasConcurrentTx(deps, decision.tagId, startKey, context.stationId))) status = 'ConcurrentTx';
  if (request.reservationId !== undefined) context.logger.info({ reservationId: request.reservationId }, 'start with a reservation (not tracked)');

  const { transaction, created } = await deps.writes.run((tx) =>
    openSession(tx, {
      start: {
        chargePointId: context.stationId,
        evseId: request.connectorId,
        startKey,
        startTag: request.idTag,
        startedAt: at,
        meterStartWh: request.meterStart,
        status: status === 'Accepted' ? 'Active' : 'Rejected',
        dataIssue: status === 'Accepted' ? null : `start tag ${request.idTag} refused: ${status}`,
      },
      impliedStatus: 'Charging',
      intent: { idTag: request.idTag },
      now,
      startedFields: { idTag: request.idTag },
    }),
  );
  // the `started` event stands for the first reading: the first `meter` event comes one interval later
  const session = remember(context, transaction, now.getTime());
  if (session && created) session.lastEventAtMs = now.getTime();
  context.logger.info({ transactionId: transaction.id, status, created }, 'StartTransaction');
  return { transactionId: transaction.id, idTagInfo: idTagInfo16(decision, created ? status : transaction.status === 'Rejected' ? (status === 'Accepted' ? 'Invalid' : status) : 'Accepted') };
}

/**
 * 1.6 StopTransaction: never a CALLERROR for business reasons (DESIGN.md §3). An unknown id, or one of another
 * station, is recorded as a flagged row of its own (with a `stopped` event, so no session waits for it); a second
 * stop changes nothing; a stop below the start gives 0 Wh and a flag; a tag outside the start tag's group closes the
 * transaction and flags it. `reason` defaults to `Local` (1.6 §7.38).
 */
export async function stopTransaction16(deps: TransactionDeps, context: GatewayContext, request: StopTransactionRequest) {
  const now = context.clock.now();
  const at = stationTime(request.timestamp, now);
  const reason = request.reason ?? 'Local';
  const found = await deps.db.transactions.get(request.transactionId);
  const own = found && found.chargePointId === context.stationId ? found : null;
  const decision = request.idTag ? await context.authorize(request.idTag) : undefined;
  const issue = decision && request.idTag ? await stopTagIssue(context.authorize, decision, request.idTag, own?.startTag ?? null) : null;
  const readings = readings16(request.transactionData ?? [], now);
  const session = own ? remember(context, own, now.getTime()) : undefined;
  const evseId = own?.evseId ?? 0;
  const { write, undo } = planMeter(deps, context, { evseId, connectorId: own?.connectorId ?? 1, session, live: true }, [
    ...readings,
    { at, values: [], energyWh: request.meterStop, context: 'Transaction.End' },
  ]);

  try {
    const stopped = await deps.writes.run(async (tx) => {
      const events: OutboxAppend[] = [];
      let target: TransactionRecord | undefined = own ?? undefined;
      let orphan = false;
      if (!target) {
        const unknown = found ? `StopTransaction for transaction ${request.transactionId} of another station` : `StopTransaction for unknown transaction ${request.transactionId}`;
        const opened = await openSession(tx, {
          start: {
            chargePointId: context.stationId,
            evseId: 0,
            startKey: `stop|${request.transactionId}|${at.toISOString()}`,
            startTag: null,
            startedAt: at,
            meterStartWh: request.meterStop,
            meterStartPending: true,
            dataIssue: unknown,
          },
          now,
          announce: false,
        });
        if (!opened.created) return opened.transaction;
        target = opened.transaction;
        orphan = true;
      }
      const result = await tx.transactions.stop(target.id, {
        stoppedAt: at,
        meterStopWh: request.meterStop,
        stopTag: request.idTag ?? null,
        stopReason: reason,
        dataIssue: issue,
      });
      if (result.alreadyStopped) return result.transaction;
      const samples = write.samples.map((sample) => ({ ...sample, transactionId: target.id }));
      await applyMeterWrite(tx, { samples, ...(write.connector ? { connector: write.connector } : {}), events: [] });
      const t = result.transaction;
      if (t.status !== 'Rejected') {
        events.push(
          sessionEvent('stopped', t, at, now, {
            meterWh: request.meterStop,
            reason,
            energyWh: t.energyWh,
            stopTag: request.idTag,
            dataIssue: t.dataIssue,
            ...(orphan ? { startMissing: true, stationTransactionId: request.transactionId } : {}),
          }),
        );
      }
      for (const event of events) await tx.outbox.append(event);
      return t;
    });
    if (session) session.stopped = true;
    context.sessions.forget(stopped.id);
    context.logger.info({ transactionId: stopped.id, reason, energyWh: stopped.energyWh, dataIssue: stopped.dataIssue }, 'StopTransaction');
  } catch (error) {
    undo();
    throw error;
  }
  return decision ? { idTagInfo: idTagInfo16(decision) } : {};
}
