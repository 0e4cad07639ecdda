import { verifyWebPaymentsTotp, webPaymentsSecret, type TotpVerdict } from '@csms/db';
import { WEB_PAYMENTS_TOTP_DIGITS, WEB_PAYMENTS_VALIDITY_SECONDS } from '@csms/temporal';
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
