/**
 * Configuration keys whose values are secrets (`ChangeConfiguration` key in 1.6, `Component.Variable` in 2.x): the
 * 1.6 security whitepaper's `AuthorizationKey` and 2.x `SecurityCtrlr.BasicAuthPassword` (the station's Basic-auth
 * password), and 2.1 `WebPaymentsCtrlr.SharedSecret`. Their values travel through a command workflow only sealed
 * (docs/security.md, "Secrets out of workflow histories") and are redacted in the message log.
 */
export const SECRET_CONFIGURATION_KEYS = ['AuthorizationKey', 'SecurityCtrlr.BasicAuthPassword', 'WebPaymentsCtrlr.SharedSecret'] as const;

/** The keys of {@link SECRET_CONFIGURATION_KEYS} that set the password the station logs in with. */
export const STATION_PASSWORD_KEYS = ['AuthorizationKey', 'SecurityCtrlr.BasicAuthPassword'] as const;

const secret = new Set<string>(SECRET_CONFIGURATION_KEYS.map((key) => key.toLowerCase()));
const password = new Set<string>(STATION_PASSWORD_KEYS.map((key) => key.toLowerCase()));

/** True for a key of {@link SECRET_CONFIGURATION_KEYS}, in any case (stations disagree on the case of 1.6 keys). */
export function isSecretConfigurationKey(key: string): boolean {
  return secret.has(key.toLowerCase());
}

/** True for a key of {@link STATION_PASSWORD_KEYS}, in any case. */
export function isStationPasswordKey(key: string): boolean {
  return password.has(key.toLowerCase());
}
