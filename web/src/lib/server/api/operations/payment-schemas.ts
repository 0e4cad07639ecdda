import { z } from 'zod';
import { PaymentFailureCode } from '@csms/temporal';
import { isoTime, isoTimeOrNull } from '../schemas.ts';

const failureCode = z.enum(Object.values(PaymentFailureCode) as [PaymentFailureCode, ...PaymentFailureCode[]]);
const money = z.number().int().describe('minor currency units');

/** A price list in the words of the driver's page. */
export const priceTermsSchema = z.object({
  currency: z.string(),
  perKwhMinor: z.number().describe('minor units per kWh; may have decimals'),
  perMwhMinor: z.number().int(),
  perMinute: z
    .object({
      feeMinor: money,
      freeMinutes: z.number().int(),
      maxBillableMinutes: z.number().int().nullable(),
      from: z.enum(['sessionStart', 'chargingEnd']),
    })
    .nullable(),
  sessionFeeMinor: money,
  minimumEnergyWh: z.number().int(),
  minimumChargeMinor: money,
});

/** `describeConnectorOffer`. */
export const connectorOfferSchema = z.object({
  chargePointId: z.string(),
  stationName: z.string(),
  connectorId: z.number().int(),
  connectorName: z.string().nullable(),
  status: z.string(),
  ocppStatus: z.string().nullable(),
  online: z.boolean(),
  pricing: priceTermsSchema.nullable(),
  maxEnergyWh: z.number().int().nullable(),
  holdAmountMinor: money.nullable(),
  unavailable: z
    .enum(['paymentsOff', 'stationOffline', 'connectorBusy', 'connectorFaulted', 'connectorUnavailable', 'freeCharging', 'pricingMissing', 'unknownConnector'])
    .nullable(),
});

/** A settled session's receipt. */
export const receiptSchema = z.object({
  energyWh: z.number().int(),
  energyMinor: money,
  sessionFeeMinor: money,
  billedMinutes: z.number().int(),
  timeFeeMinor: money,
  totalMinor: money,
  holdMinor: money,
  capturedMinor: money,
  releasedMinor: money,
  belowMinimumEnergy: z.boolean(),
  belowMinimumCharge: z.boolean(),
  refundedMinor: money,
  settledAt: isoTime,
});

/** `getDriverSession`. */
export const driverSessionSchema = z.object({
  sessionId: z.string(),
  state: z.enum(['waitingForPayment', 'plugIn', 'starting', 'charging', 'finishing', 'done', 'failed', 'cancelled']),
  failureReason: failureCode.nullable(),
  chargePointId: z.string(),
  stationName: z.string(),
  connectorId: z.number().int(),
  connectorName: z.string().nullable(),
  currency: z.string(),
  pricing: priceTermsSchema,
  maxEnergyWh: z.number().int().nullable(),
  holdAmountMinor: money,
  energyWh: z.number().int(),
  costSoFarMinor: money,
  checkoutUrl: z.string().nullable(),
  canStop: z.boolean(),
  createdAt: isoTime,
  paidAt: isoTimeOrNull,
  startedAt: isoTimeOrNull,
  stoppedAt: isoTimeOrNull,
  settledAt: isoTimeOrNull,
  receipt: receiptSchema.nullable(),
});

/** One payment for admins. */
export const paymentSchema = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  workflowId: z.string(),
  temporalUiUrl: z.string().nullable(),
  chargePointId: z.string(),
  connectorId: z.number().int(),
  status: z.enum(['PendingPayment', 'Authorized', 'Starting', 'Charging', 'Settling', 'Captured', 'Released', 'Cancelled', 'Failed']),
  failureCode: failureCode.nullable(),
  failureMessage: z.string().nullable(),
  currency: z.string(),
  holdAmountMinor: money,
  capturedAmountMinor: money.nullable(),
  releasedAmountMinor: money.nullable(),
  refundedAmountMinor: money,
  checkoutSessionId: z.string().nullable(),
  paymentIntentId: z.string().nullable(),
  transactionId: z.number().int().nullable(),
  energyWh: z.number().int().nullable(),
  receipt: receiptSchema.nullable(),
  createdAt: isoTime,
  authorizedAt: isoTimeOrNull,
  settledAt: isoTimeOrNull,
});
