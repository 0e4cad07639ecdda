import { describe, expect, it } from 'vitest';
import { defaultSettings } from './settings.ts';
import { dynamicQrUrl } from './web-payment-code.ts';

const seed = { connectors: 1, vendor: 'csms', model: 'sim', sampleIntervalS: 60, authorizeRemoteStart: false };

describe('the dynamic QR code a 2.1 station shows (C25)', () => {
  it('is absent until the CSMS configured WebPaymentsCtrlr, and 2.0.1 stations have no such component', () => {
    expect(dynamicQrUrl(defaultSettings('2.1', seed), 'cp', 1)).toBeUndefined();
    expect(defaultSettings('2.0.1', seed).hasComponent('WebPaymentsCtrlr')).toBe(false);
  });

  it('fills the template with the station, the EVSE and the RFC 6238 HMAC-SHA-256 code of this step', () => {
    const settings = defaultSettings('2.1', seed);
    settings.put('WebPaymentsCtrlr.URLTemplate', 'https://csms.example/pay/{chargingstationid}/{evse}/{totp}?v={version}');
    // RFC 6238 Appendix B's SHA-256 seed, 30 s steps, 8 digits: 46119246 at T = 59 s
    settings.put('WebPaymentsCtrlr.SharedSecret', '12345678901234567890123456789012');
    settings.put('WebPaymentsCtrlr.ValidityTime', '30');
    settings.put('WebPaymentsCtrlr.Length', '8');
    expect(dynamicQrUrl(settings, 'cp 1', 2, 59_000)).toBe('https://csms.example/pay/cp%201/2/46119246?v=v1');
  });
});
