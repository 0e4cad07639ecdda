import { createHmac } from 'node:crypto';
import type { Settings } from './settings.ts';

/**
 * The URL a 2.1 station's display shows as its dynamic QR code (OCPP 2.1 C25), computed as a station does from the
 * `WebPaymentsCtrlr` variables the CSMS set: `URLTemplate` with `{chargingstationid}`, `{evse}`, `{totp}` (and
 * `{version}`) filled, the TOTP by RFC 6238 with HMAC-SHA-256 over the UTF-8 bytes of `SharedSecret`, `ValidityTime`
 * seconds per step and `Length` digits. Undefined while the CSMS has configured nothing. Written on the station's
 * side on purpose, apart from the CSMS's own check, so a test of the two also tests that they agree.
 */
export function dynamicQrUrl(settings: Settings, chargingStationId: string, evseId: number, atMs = Date.now()): string | undefined {
  const template = settings.get('WebPaymentsCtrlr.URLTemplate')?.value ?? '';
  const secret = settings.get('WebPaymentsCtrlr.SharedSecret')?.value ?? '';
  if (template === '' || secret === '') return undefined;
  const step = settings.number('WebPaymentsCtrlr.ValidityTime', 60) || 60;
  const digits = settings.number('WebPaymentsCtrlr.Length', 8) || 8;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / step)));
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
  return template
    .replaceAll('{chargingstationid}', encodeURIComponent(chargingStationId))
    .replaceAll('{evse}', String(evseId))
    .replaceAll('{totp}', code)
    .replaceAll('{version}', settings.get('WebPaymentsCtrlr.TOTPVersion')?.value ?? 'v1');
}
