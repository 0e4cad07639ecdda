import { describe, expect, it } from 'vitest';
import type { SecretKey } from './secret-key.ts';
import { verifyWebPaymentsTotp, webPaymentsSecret, webPaymentsTotp } from './web-payments.ts';

// RFC 6238 Appendix B: the SHA-256 seed is the 32 ASCII bytes "1234567890" repeated, 8 digits, 30 s steps
const RFC_SEED = '12345678901234567890123456789012';
const RFC = { validitySeconds: 30, digits: 8 };

describe('webPaymentsTotp', () => {
  it.each([
    [59, '46119246'],
    [1111111109, '68084774'],
    [1111111111, '67062674'],
    [1234567890, '91819424'],
    [2000000000, '90698825'],
    [20000000000, '77737706'],
  ])('matches RFC 6238 HMAC-SHA-256 at T=%i', (seconds, code) => {
    expect(webPaymentsTotp(RFC_SEED, seconds * 1000, RFC)).toBe(code);
  });
});

describe('verifyWebPaymentsTotp', () => {
  const params = { validitySeconds: 60, digits: 8 };
  const secret = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const now = 1_780_000_000_000;

  it('accepts the current and the previous step, not older or later ones', () => {
    expect(verifyWebPaymentsTotp(secret, webPaymentsTotp(secret, now, params), now, params)).toBe('valid');
    expect(verifyWebPaymentsTotp(secret, webPaymentsTotp(secret, now - 60_000, params), now, params)).toBe('valid');
    expect(verifyWebPaymentsTotp(secret, webPaymentsTotp(secret, now - 120_000, params), now, params)).toBe('invalid');
    expect(verifyWebPaymentsTotp(secret, webPaymentsTotp(secret, now + 60_000, params), now, params)).toBe('invalid');
  });

  it('refuses another station’s code and codes of the wrong shape', () => {
    expect(verifyWebPaymentsTotp(secret, webPaymentsTotp('another secret', now, params), now, params)).toBe('invalid');
    expect(verifyWebPaymentsTotp(secret, '1234567', now, params)).toBe('malformed');
    expect(verifyWebPaymentsTotp(secret, '12345678a', now, params)).toBe('malformed');
    expect(verifyWebPaymentsTotp(secret, 'abcdefgh', now, params)).toBe('malformed');
  });
});

describe('webPaymentsSecret', () => {
  const key = (fill: number): SecretKey => ({ bytes: Buffer.alloc(32, fill), source: 'env' });

  it('differs per station and per server key, and is stable', () => {
    const a = webPaymentsSecret(key(1), 'station42');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(webPaymentsSecret(key(1), 'station42')).toBe(a);
    expect(webPaymentsSecret(key(1), 'station43')).not.toBe(a);
    expect(webPaymentsSecret(key(2), 'station42')).not.toBe(a);
  });
});
