import { verifyWebPaymentsTotp, webPaymentsSecret, type TotpVerdict } from '@csms/db';
import { WEB_PAYMENT_STARTED_TIMEOUT_SECONDS, WEB_PAYMENTS_TOTP_DIGITS, WEB_PAYMENTS_VALIDITY_SECONDS } from '@csms/temporal';
import { runCommand } from '../commands/run-command.ts';
import type { Services } from '../services.ts';

/**
 * Checks the one-time code of a dynamic QR URL (OCPP 2.1 C25) against the station's shared secret, which is derived
 * from the server key and the station id (`webPaymentsSecret`), with the validity and length the CSMS configured
 * (`configureWebPayments`). A station the CSMS never configured cannot make a valid code.
 */
export function checkDynamicCode(services: Pick<Services, 'secretKey'>, chargePointId: string, code: string, nowMs = Date.now()): TotpVerdict {
  return verifyWebPaymentsTotp(webPaymentsSecret(services.secretKey, chargePointId), code, nowMs, {
    validitySeconds: WEB_PAYMENTS_VALIDITY_SECONDS,
    digits: WEB_PAYMENTS_TOTP_DIGITS,
  });
}

/**
 * A driver opened a dynamic QR URL: checks its code and, when valid, tells the station (`NotifyWebPaymentStarted`, so
 * it may show that a payment is under way) without waiting for its answer — the driver's page does not depend on it,
 * and a station that is offline or does not answer changes nothing about the payment.
 */
export function openDynamicCode(services: Services, chargePointId: string, evseId: number, code: string): TotpVerdict {
  const verdict = checkDynamicCode(services, chargePointId, code);
  if (verdict === 'valid') {
    runCommand(services, chargePointId, { type: 'notifyWebPaymentStarted', evseId, timeoutSeconds: WEB_PAYMENT_STARTED_TIMEOUT_SECONDS }, 'driver').catch(
      (error: unknown) => services.log.info({ err: error, chargePointId, evseId }, 'NotifyWebPaymentStarted not delivered'),
    );
  }
  return verdict;
}
