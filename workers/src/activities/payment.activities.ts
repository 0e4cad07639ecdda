import { randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { ConnectorBusyError, readConnectorOffer, type Database, type PaymentUpdate } from '@csms/db';
import {
  costOf,
  holdAmountMinor,
  ocppVersionOf,
  offerRefusal,
  PAYMENT_REFUSED,
  settle,
  type PaymentActivities,
  type PaymentRefusedReason,
  type PricingSnapshot,
} from '@csms/temporal';

/** The database activities of a paid session. */
export type PaymentDbActivities = Omit<
  PaymentActivities,
  'createCheckout' | 'readCheckout' | 'expireCheckout' | 'readPaymentIntent' | 'capturePayment' | 'cancelPayment'
>;

// Crockford's base32 without I, L, O, U: readable on a station's display and free of look-alikes
const TAG_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `PAY` + 17 random base32 characters (85 bits): 20 characters, 1.6's idTag limit. */
export function generatePaidIdTag(): string {
  const bytes = randomBytes(17);
  let tag = 'PAY';
  for (const byte of bytes) tag += TAG_ALPHABET[byte & 31];
  return tag;
}

function refuse(reason: PaymentRefusedReason, message: string): never {
  throw ApplicationFailure.nonRetryable(message, PAYMENT_REFUSED, reason);
}

/** Database activities of the paid session: idempotent, retried freely. */
export function createPaymentDbActivities(database: Database): PaymentDbActivities {
  return {
    async openPayment({ workflowId, sessionId, chargePointId, evseId, settings }) {
      const offer = await readConnectorOffer(database, chargePointId, evseId);
      const pricing: PricingSnapshot | null = offer ? { ...offer.pricing } : null;
      const reason = offerRefusal({
        paymentsOn: true,
        pricing,
        currency: settings.currency,
        online: offer?.online ?? false,
        ocppStatus: offer?.ocppStatus ?? null,
        inUse: offer !== null && (offer.openTransactionId !== null || (offer.activePaymentWorkflowId ?? workflowId) !== workflowId),
      });
      if (reason || !offer || !pricing) refuse(reason ?? 'UnknownConnector', `connector ${evseId} of ${chargePointId} cannot be paid for: ${reason}`);
      const holdMinor = holdAmountMinor(pricing) ?? refuse('PricingMissing', 'no hold can be computed');
      try {
        const payment = await database.payments.create({
          workflowId,
          sessionId,
          chargePointId,
          evseId,
          currency: pricing.currency,
          holdAmountMinor: holdMinor,
          pricing: { ...pricing },
        });
        return {
          paymentId: payment.id,
          stationName: offer.stationName,
          pricing: payment.pricing as unknown as PricingSnapshot,
          holdMinor: payment.holdAmountMinor,
          idTag: generatePaidIdTag(),
          remoteStartId: payment.id,
        };
      } catch (error) {
        if (error instanceof ConnectorBusyError) refuse('ConnectorBusy', error.message);
        throw error;
      }
    },

    async recordPayment({ paymentId, update }) {
      const { captureBefore, authorizedAt, ...rest } = update;
      const row: PaymentUpdate = {
        ...rest,
        ...(captureBefore !== undefined ? { captureBefore: captureBefore === null ? null : new Date(captureBefore) } : {}),
        ...(authorizedAt !== undefined ? { authorizedAt: new Date(authorizedAt) } : {}),
      };
      await database.payments.update(paymentId, row);
    },

    async createIntent({ workflowId, chargePointId, evseId, idTag, remoteStartId, maxEnergyWh, deadline }) {
      if (await database.sessionIntents.getByWorkflowId(workflowId)) return;
      await database.sessionIntents.create({ chargePointId, evseId, idTag, remoteStartId, maxEnergyWh, deadline: new Date(deadline), workflowId });
    },

    async withdrawIntent({ workflowId }) {
      const intent = await database.sessionIntents.withdraw(workflowId, new Date());
      return { matchedTransactionId: intent?.state === 'Matched' ? intent.transactionId : null };
    },

    async readConnector({ chargePointId, evseId }) {
      const offer = await readConnectorOffer(database, chargePointId, evseId);
      const station = offer ? null : await database.chargePoints.get(chargePointId);
      return {
        online: offer?.online ?? station?.online ?? false,
        version: ocppVersionOf(offer?.protocol ?? station?.protocol ?? null),
        nodeId: (offer?.online ?? station?.online) ? (offer?.nodeId ?? station?.nodeId ?? null) : null,
        ocppStatus: offer?.ocppStatus ?? null,
        statusAt: offer?.statusAt?.toISOString() ?? null,
        openTransactionId: offer?.openTransactionId ?? null,
      };
    },

    async linkPaidTransaction({ transactionId, paymentId, maxEnergyWh }) {
      await database.transactions.link(transactionId, { paymentId, ...(maxEnergyWh !== null ? { maxEnergyWh } : {}) });
    },

    async computeSettlement({ transactionId, pricing, holdMinor, settings, unpluggedAt }) {
      const tx = await database.transactions.get(transactionId);
      if (!tx) throw ApplicationFailure.nonRetryable(`transaction ${transactionId} does not exist`, 'TransactionMissing');
      // a session closed without a stop (stale rules) settles on its last reading
      const lastWh = tx.meterStopWh ?? tx.lastMeterWh ?? tx.meterStartWh;
      const energyWh = tx.energyWh ?? Math.max(0, lastWh - tx.meterStartWh);
      const stoppedAt = tx.stoppedAt ?? tx.lastMeterAt ?? tx.startedAt;
      const breakdown = costOf(
        pricing,
        { energyWh, startedAt: tx.startedAt, stoppedAt, unpluggedAt: unpluggedAt ? new Date(unpluggedAt) : null },
        settings.minimumEnergyWh,
      );
      return settle(breakdown, holdMinor, settings.minimumChargeMinor);
    },

    async recordSettlement({ paymentId, transactionId, status, settlement, failureCode, failureMessage }) {
      const now = new Date();
      // the transaction's cost first: once the payment reads settled, its receipt and the transaction agree
      if (transactionId !== null && settlement) await database.transactions.link(transactionId, { costMinor: settlement.breakdown.totalMinor });
      await database.payments.update(paymentId, {
        status,
        ...(settlement
          ? {
              settlement: { ...settlement },
              capturedAmountMinor: settlement.capturedMinor,
              releasedAmountMinor: settlement.releasedMinor,
            }
          : {}),
        ...(failureCode ? { failureCode } : {}),
        ...(failureMessage ? { failureMessage: failureMessage.slice(0, 500) } : {}),
        settledAt: now,
      });
    },
  };
}
