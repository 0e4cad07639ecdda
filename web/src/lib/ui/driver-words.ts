import { en } from '../i18n/en.ts';
import type { Message } from './form-errors.ts';

/** The error codes of `startPaidSession` that are a connector's state, with the sentence the page says for each. */
const START_ERRORS: Record<string, keyof typeof en.driver.unavailable> = {
  ConnectorBusy: 'connectorBusy',
  ChargePointOffline: 'stationOffline',
  PaymentsOff: 'paymentsOff',
  FreeCharging: 'freeCharging',
  PricingMissing: 'pricingMissing',
  ConnectorUnavailable: 'connectorUnavailable',
  ConnectorFaulted: 'connectorFaulted',
  NotFound: 'unknownConnector',
};

/** Why "Pay and charge" did not lead to Stripe, in words: the connector's state, "try later", or the code. */
export function startErrorMessage(code: string): Message {
  const reason = START_ERRORS[code];
  if (reason) return { key: `driver.unavailable.${reason}` };
  if (code === 'TemporalUnavailable') return { key: 'driver.tryLater' };
  if (code === 'PaymentProviderError') return { key: 'driver.providerError' };
  return { key: 'driver.startFailed', params: { code } };
}

/** Why a paid session ended without charging, in words; an unknown code is named. */
export function failureReasonMessage(code: string | null): Message | null {
  if (code === null) return null;
  if (code in en.driverSession.reason && code !== 'other') return { key: `driverSession.reason.${code}` };
  return { key: 'driverSession.reason.other', params: { code } };
}

/** Why a refund failed, in words. */
export function refundErrorMessage(code: string): Message {
  if (code in en.payments.refundError && code !== 'amount' && code !== 'other') return { key: `payments.refundError.${code}` };
  return { key: 'payments.refundError.other', params: { code } };
}
