import type { TransactionRecord } from '@csms/db';
import { applyMeterWrites } from '../../transactions/meter-batcher.ts';
import { planMeter, remember } from '../../transactions/meter-planning.ts';
import { openSession } from '../../transactions/open-session.ts';
import { readings16 } from '../../transactions/sampled-values.ts';
import { sessionEvent } from '../../transactions/session-events.ts';
import { idTagInfo16, stopTagIssue } from '../../transactions/tag-rules.ts';
import type { Ocpp16Handler } from '../handler-types.ts';
import { stationTime } from '../station-time.ts';

/**
 * 1.6 StopTransaction: records meter stop, reason, stop tag and the `stopped` session event before answering. Never
 * a CALLERROR for business reasons (DESIGN.md §3): an unknown id, or one of another station, is recorded as a flagged
 * row of its own (with a `stopped` event, so no session waits for it); a second stop changes nothing; a stop below
 * the start gives 0 Wh and a flag; a tag outside the start tag's group closes the transaction and flags it.
 * `reason` defaults to `Local` (1.6 §7.38).
 */
export const stopTransaction16: Ocpp16Handler<'StopTransaction'> = async (request, context) => {
  const now = context.clock.now();
  const at = stationTime(request.timestamp, now);
  const reason = request.reason ?? 'Local';
  const found = await context.db.transaction(request.transactionId);
  const own = found && found.chargePointId === context.stationId ? found : null;
  const decision = request.idTag ? await context.authorize(request.idTag) : undefined;
  const issue = decision && request.idTag ? await stopTagIssue(context.authorize, decision, request.idTag, own?.startTag ?? null) : null;
  const readings = readings16(request.transactionData ?? [], now);
  const session = own ? remember(context, own, now.getTime()) : undefined;
  const { write, undo } = planMeter(context, { evseId: own?.evseId ?? 0, connectorId: own?.connectorId ?? 1, session, live: true }, [
    ...readings,
    { at, values: [], energyWh: request.meterStop, context: 'Transaction.End' },
  ]);

  try {
    const stopped = await context.db.write(async (tx) => {
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
      await applyMeterWrites(tx, [{ samples, ...(write.connector ? { connector: write.connector } : {}), events: [] }]);
      const t = result.transaction;
      if (t.status !== 'Rejected') {
        await tx.outbox.append(
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
};
