import type { TagDecision, TransactionRecord } from '@csms/db';
import { adoptOpenTransaction } from '../../transactions/adopt-session.ts';
import { authorizeWithIntent } from '../../transactions/paid-tags.ts';
import { applyMeterWrites } from '../../transactions/meter-batcher.ts';
import { planMeter, remember } from '../../transactions/meter-planning.ts';
import { openSession } from '../../transactions/open-session.ts';
import { paidCostAnswer } from '../../transactions/paid-cost.ts';
import { latestEnergy, readings2, type MeterReading } from '../../transactions/sampled-values.ts';
import { sessionEvent, type OutboxAppend } from '../../transactions/session-events.ts';
import { hasConcurrentTx, idTokenInfo2, stopTagIssue, type IdTagStatus16 } from '../../transactions/tag-rules.ts';
import type { Ocpp2Handler } from '../handler-types.ts';
import { stationTime } from '../station-time.ts';

/** The reading of a context (`Transaction.Begin` / `.End`), else the event's latest energy reading. */
function energyAt(readings: readonly MeterReading[], context: string, fallback: boolean): number | undefined {
  const marked = latestEnergy(readings.filter((r) => r.values.some((v) => v.context === context)));
  return marked?.energyWh ?? (fallback ? latestEnergy(readings)?.energyWh : undefined);
}

/**
 * 2.0.1/2.1 TransactionEvent (DESIGN.md §3): committed with its session event before the answer, `idTokenInfo`
 * whenever the event carries an idToken. Keyed by (station, `transactionId`, `seqNo`): a resent event has no effect
 * and gets the same answer. Any event opens the transaction it names when unknown (a `Started` without an
 * idToken too: authorization may follow in an `Updated`), so offline history arriving in any order is applied by the
 * station's order: a late `Started` fills in the start of a row a later event opened, late readings never replace
 * newer ones, and live connector values ignore `offline` events. Never a CALLERROR for business reasons.
 */
export const transactionEvent2: Ocpp2Handler<'TransactionEvent'> = async (request, context) => {
  const now = context.clock.now();
  const at = stationTime(request.timestamp, now);
  const { eventType, seqNo, triggerReason } = request;
  const info = request.transactionInfo;
  const txKey = info.transactionId;
  const readings = readings2(request.meterValue, now);
  const token = request.idToken && request.idToken.type !== 'NoAuthorization' ? request.idToken.idToken : null;
  const use = eventType === 'Started' ? { kind: 'start' as const, evseId: request.evse?.id ?? 0 } : { kind: 'session' as const };
  const decision: TagDecision | undefined = token ? await authorizeWithIntent(context, token, use) : undefined;
  const existing = await context.db.transactionByStartKey(context.stationId, txKey);

  let status: IdTagStatus16 | undefined = decision?.status;
  if (decision && status === 'Accepted' && eventType === 'Started' && (await hasConcurrentTx(context, decision.tagId, txKey))) {
    status = 'ConcurrentTx';
  }
  const issue = eventType === 'Ended' && decision && token && existing ? await stopTagIssue(context.authorize, decision, token, existing.startTag) : null;
  const session = existing ? remember(context, existing, now.getTime()) : undefined;
  const evseId = request.evse?.id ?? existing?.evseId ?? 0;
  const connectorId = request.evse?.connectorId ?? existing?.connectorId ?? 1;
  const live = request.offline !== true;
  const { write, undo } = planMeter(context, { evseId, connectorId, session, live }, readings);
  const startWh = energyAt(readings, 'Transaction.Begin', eventType === 'Started');
  const endWh = energyAt(readings, 'Transaction.End', eventType === 'Ended');
  const remoteStartId = info.remoteStartId ?? null;

  let result: { row: TransactionRecord; duplicate: boolean; created: boolean; adopted: boolean };
  try {
    result = await context.db.write(async (tx) => {
      const events: OutboxAppend[] = [];
      let row = await tx.transactions.findByStartKey(context.stationId, txKey);
      let created = false;
      if (!row) {
        const opened = await openSession(tx, {
          start: {
            chargePointId: context.stationId,
            evseId,
            connectorId,
            startKey: txKey,
            externalId: txKey,
            startTag: token,
            startedAt: at,
            meterStartWh: startWh ?? 0,
            meterStartPending: startWh === undefined,
            startReason: eventType === 'Started' ? triggerReason : null,
            status: eventType === 'Started' && status !== undefined && status !== 'Accepted' ? 'Rejected' : 'Active',
            remoteStartId,
            dataIssue: eventType === 'Started' ? null : `start not received: opened by the ${eventType} event seqNo ${seqNo}`,
          },
          impliedStatus: 'Occupied',
          intent: { idTag: token, remoteStartId },
          now,
          announce: eventType !== 'Ended',
          startedFields: { triggerReason, seqNo, ...(eventType === 'Started' ? {} : { startMissing: true }) },
        });
        row = opened.transaction;
        created = opened.created;
      }
      const fresh = await tx.transactions.recordEvent(row.id, {
        seqNo,
        eventType,
        triggerReason,
        occurredAt: at,
        offline: request.offline ?? false,
        receivedAt: now,
      });
      if (!fresh) return { row, duplicate: true, created, adopted: false };
      // a transaction opened at plug-in (TxStartPoint EVConnected), now authorized for a paid session (F02): by the
      // session's token, or by the remoteStartId alone (F02.FR.01 puts it in the next event, the token may come later)
      const adoption =
        !created && eventType === 'Updated' && (status === 'Accepted' || (token === null && remoteStartId !== null))
          ? await adoptOpenTransaction(tx, row, { idTag: token, remoteStartId, at, meterWh: latestEnergy(readings)?.energyWh, triggerReason, seqNo, now })
          : null;
      if (adoption) {
        row = adoption.row;
        events.push(...adoption.events);
      } else if (!created && eventType === 'Started') {
        row = await tx.transactions.amendStart(row.id, { startedAt: at, meterStartWh: startWh ?? null, startTag: token, startReason: triggerReason, remoteStartId, evseId, connectorId });
      } else if (!created && ((token && !row.startTag) || (remoteStartId !== null && row.remoteStartId === null))) {
        row = await tx.transactions.amendStart(row.id, { startedAt: row.startedAt, meterStartWh: null, startTag: token, remoteStartId });
      }
      if (token && status !== 'Accepted' && eventType === 'Updated') await tx.transactions.flag(row.id, `token ${token} is ${status} (seqNo ${seqNo})`);
      const target = row;
      const samples = write.samples.map((sample) => ({ ...sample, transactionId: target.id, evseId: target.evseId }));
      const reading = latestEnergy(readings);
      await applyMeterWrites(tx, [
        {
          samples,
          ...(write.connector ? { connector: write.connector } : {}),
          ...(reading && !target.stoppedAt
            ? { reading: { transactionId: target.id, meterWh: reading.energyWh, at: reading.at, resolvesStart: target.startReason !== null } }
            : {}),
          events: [],
        },
      ]);
      // the adopted session's readings so far went to the session that opened it; its `started` carries the register
      if (!created && !adoption) events.push(...write.events);
      if (eventType === 'Ended') {
        const reason = info.stoppedReason ?? 'Local';
        const stop = await tx.transactions.stop(row.id, { stoppedAt: at, meterStopWh: endWh ?? null, stopTag: token, stopReason: reason, dataIssue: issue });
        row = stop.transaction;
        if (!stop.alreadyStopped && row.status !== 'Rejected') {
          events.push(
            sessionEvent('stopped', row, at, now, {
              meterWh: row.meterStopWh,
              reason,
              energyWh: row.energyWh,
              stopTag: token,
              triggerReason,
              seqNo,
              dataIssue: row.dataIssue,
              ...(created ? { startMissing: true } : {}),
            }),
          );
        }
      }
      for (const event of events) await tx.outbox.append(event);
      return { row, duplicate: false, created, adopted: adoption !== null };
    });
  } catch (error) {
    undo();
    throw error;
  }
  if (result.duplicate) undo();
  const { row } = result;
  if (row.stoppedAt) context.sessions.forget(row.id);
  else {
    const cached = remember(context, row, now.getTime());
    if (cached && result.created) cached.lastEventAtMs = now.getTime();
  }
  context.logger.info(
    { transactionId: row.id, externalId: txKey, eventType, seqNo, offline: request.offline, duplicate: result.duplicate, dataIssue: row.dataIssue },
    'TransactionEvent',
  );
  // OCPP 2.1: a paid session's maximum energy and hold go to the station with the answer to its start (E16, C25), its
  // running cost with every later answer
  // an adopted transaction gets the limits a paid session's start gets
  const cost = await paidCostAnswer(context, row, {
    eventType: result.adopted ? 'Started' : eventType,
    created: result.created || result.adopted,
    latestWh: latestEnergy(readings)?.energyWh,
    now,
  });
  return { ...(decision ? { idTokenInfo: idTokenInfo2(decision, status) } : {}), ...cost };
};
