import { readConnectorOffer } from '@csms/db';
import { holdAmountMinor, offerRefusal, type PaymentRefusedReason, type PricingSnapshot } from '@csms/temporal';
import type { PaymentSettings } from '../config.ts';
import type { Services } from '../services.ts';
import type { ConnectorOffer, OfferUnavailableReason, PriceTerms } from './driver-types.ts';

const REASONS: Record<PaymentRefusedReason, OfferUnavailableReason> = {
  PaymentsOff: 'paymentsOff',
  UnknownConnector: 'unknownConnector',
  ChargePointOffline: 'stationOffline',
  ConnectorBusy: 'connectorBusy',
  ConnectorFaulted: 'connectorFaulted',
  ConnectorUnavailable: 'connectorUnavailable',
  FreeCharging: 'freeCharging',
  PricingMissing: 'pricingMissing',
};

/** The page's reason for a refusal of the shared offer rule. */
export function offerReason(reason: PaymentRefusedReason): OfferUnavailableReason {
  return REASONS[reason];
}

/** A price list in the words of the driver's page. */
export function priceTerms(pricing: PricingSnapshot, settings: PaymentSettings | null): PriceTerms {
  return {
    currency: pricing.currency,
    perKwhMinor: pricing.pricePerMwhMinor / 1000,
    perMwhMinor: pricing.pricePerMwhMinor,
    perMinute:
      pricing.usageFeePerMinuteMinor > 0
        ? {
            feeMinor: pricing.usageFeePerMinuteMinor,
            freeMinutes: pricing.freeMinutes,
            maxBillableMinutes: pricing.maxBillableMinutes,
            from: pricing.usageFeeFrom,
          }
        : null,
    sessionFeeMinor: pricing.sessionFeeMinor,
    minimumEnergyWh: settings?.minimumEnergyWh ?? 0,
    minimumChargeMinor: settings?.minimumChargeMinor ?? 0,
  };
}

/** See `describeConnectorOffer` in `./driver.ts`. */
export async function describeOffer(services: Services, chargePointId: string, connectorId: number): Promise<ConnectorOffer> {
  const settings = services.config.payments;
  const state = await readConnectorOffer(services.db, chargePointId, connectorId);
  if (!state) {
    return {
      chargePointId,
      stationName: '',
      connectorId,
      connectorName: null,
      status: 'Unknown',
      ocppStatus: null,
      online: false,
      pricing: null,
      maxEnergyWh: null,
      holdAmountMinor: null,
      unavailable: 'unknownConnector',
    };
  }
  const pricing: PricingSnapshot = { ...state.pricing };
  const refusal = offerRefusal({
    paymentsOn: settings !== null,
    pricing,
    currency: settings?.currency ?? pricing.currency,
    online: state.online,
    ocppStatus: state.ocppStatus,
    inUse: state.openTransactionId !== null || state.activePaymentWorkflowId !== null,
  });
  return {
    chargePointId,
    stationName: state.stationName,
    connectorId,
    connectorName: state.connectorName,
    status: state.status,
    ocppStatus: state.ocppStatus,
    online: state.online,
    pricing: priceTerms(pricing, settings),
    maxEnergyWh: pricing.maxEnergyWh,
    holdAmountMinor: holdAmountMinor(pricing),
    unavailable: refusal ? offerReason(refusal) : null,
  };
}
