import { remember } from '../../transactions/meter-planning.ts';
import { openSession } from '../../transactions/open-session.ts';
import { authorizeWithIntent } from '../../transactions/paid-tags.ts';
import { hasConcurrentTx, idTagInfo16, resentStartStatus, type IdTagStatus16 } from '../../transactions/tag-rules.ts';
import type { Ocpp16Handler } from '../handler-types.ts';
import { stationTime } from '../station-time.ts';

/**
 * 1.6 StartTransaction (DESIGN.md §3): authorizes the tag, then stores the transaction, the connector and the
 * `started` session event in one DB transaction before answering. Idempotent by (station, connector, idTag,
 * meterStart, timestamp), so a start resent after a lost CALLRESULT gets the same `transactionId` and writes nothing.
 * A refused tag still gets a real `transactionId` on a `Rejected` row (the field is required; OCPP.Core's `0` left
 * stations retrying), so the station's DeAuthorized stop finds it; rejected rows start no session. A start carrying a
 * `reservationId` marks that reservation Used by the transaction when the tag (or its group) fits it.
 */
export const startTransaction16: Ocpp16Handler<'StartTransaction'> = async (request, context) => {
  const now = context.clock.now();
  const at = stationTime(request.timestamp, now);
  const startKey = `${request.connectorId}|${request.idTag}|${request.meterStart}|${at.toISOString()}`;
  const decision = await authorizeWithIntent(context, request.idTag, { kind: 'start', evseId: request.connectorId });
  const existing = await context.db.transactionByStartKey(context.stationId, startKey);
  if (existing) {
    context.logger.info({ transactionId: existing.id }, 'StartTransaction resent: same transaction');
    remember(context, existing, now.getTime());
    return { transactionId: existing.id, idTagInfo: idTagInfo16(decision, resentStartStatus(existing, decision.status)) };
  }
  let status: IdTagStatus16 = decision.status;
  if (status === 'Accepted' && (await hasConcurrentTx(context, decision.tagId, startKey))) status = 'ConcurrentTx';

  const { transaction, created, reservation } = await context.db.write(async (tx) => {
    const opened = await openSession(tx, {
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
    });
    // 1.6 §5.13: the station enforces the reservation; the system records which one the accepted start consumed
    const used =
      request.reservationId !== undefined && opened.created && opened.transaction.status === 'Active'
        ? await tx.reservations.use({
            chargePointId: context.stationId,
            reservationId: request.reservationId,
            idTag: request.idTag,
            parentIdTag: decision.parentTagId,
            transactionId: opened.transaction.id,
            now,
          })
        : null;
    return { ...opened, reservation: used };
  });
  if (request.reservationId !== undefined) {
    const fields = { reservationId: request.reservationId, transactionId: transaction.id };
    if (reservation) context.logger.info(fields, 'reservation used');
    else if (created) context.logger.warn(fields, 'start names a reservation this station does not hold for its tag (or the start was refused)');
  }
  // the `started` event stands for the first reading: the first `meter` event comes one interval later
  const session = remember(context, transaction, now.getTime());
  if (session && created) session.lastEventAtMs = now.getTime();
  context.logger.info({ transactionId: transaction.id, status, created }, 'StartTransaction');
  return { transactionId: transaction.id, idTagInfo: idTagInfo16(decision, created ? status : resentStartStatus(transaction, status)) };
};
