/**
 * OCPP 2.1 use case C25 (ad hoc payment via a dynamic QR code): what the CSMS configures on a station's
 * `WebPaymentsCtrlr`. Plain data, no crypto: the TOTP and the per-station secret live in `@csms/db`
 * (`webPaymentsTotp`, `webPaymentsSecret`), which workflows must not import.
 */
export const WEB_PAYMENTS_COMPONENT = 'WebPaymentsCtrlr';

/**
 * Stands for the station's shared secret in the SetVariables a workflow asks the gateway to send: the gateway node
 * derives the real secret and puts it in just before the frame leaves, so the secret is never in a workflow history.
 */
export const WEB_PAYMENTS_SECRET_PLACEHOLDER = '{csms:web-payments-shared-secret}';

/** How long one code is valid (`ValidityTime`, seconds): also the TOTP's time step. */
export const WEB_PAYMENTS_VALIDITY_SECONDS = 60;

/** Decimal digits of one code (`Length`). */
export const WEB_PAYMENTS_TOTP_DIGITS = 8;

/** `TOTPVersion`: the only version OCPP 2.1 defines. */
export const WEB_PAYMENTS_TOTP_VERSION = 'v1';

/** The path of the drivers' page a dynamic code opens; the station fills the three placeholders. */
export const WEB_PAYMENTS_URL_PATH = '/pay/{chargingstationid}/{evse}/{totp}';

/** `URLTemplate` for an app reachable at `publicBaseUrl` (no trailing slash). */
export function webPaymentsUrlTemplate(publicBaseUrl: string): string {
  return publicBaseUrl.replace(/\/+$/, '') + WEB_PAYMENTS_URL_PATH;
}

/**
 * `NotifyWebPaymentStarted.timeout` (seconds): how long after a driver opened the code the station may still expect
 * the payment's result, a remote start. Covers paying on Stripe's page and plugging in, not the checkout's full 31
 * minutes: a driver who takes longer still gets the start, the station merely stops waiting for it.
 */
export const WEB_PAYMENT_STARTED_TIMEOUT_SECONDS = 600;
