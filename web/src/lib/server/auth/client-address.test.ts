import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies, TrustedProxyError } from './client-address.ts';

describe('clientAddress', () => {
  const proxies = parseTrustedProxies('127.0.0.1, 10.0.0.0/8, ::1');

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', () => {
    expect(clientAddress('198.51.100.4', '203.0.113.9', proxies)).toBe('198.51.100.4');
    expect(clientAddress('127.0.0.1', '203.0.113.9', null)).toBe('127.0.0.1');
  });

  it('reads the header from the right, skipping trusted proxies, never past an untrusted hop', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.9, 10.1.2.3', proxies)).toBe('203.0.113.9');
    expect(clientAddress('::1', 'not-an-ip', proxies)).toBe('::1');
    expect(clientAddress('127.0.0.1', '10.0.0.1, 10.0.0.2', proxies)).toBe('10.0.0.1');
  });

  it('refuses a malformed TRUSTED_PROXIES entry', () => {
    expect(parseTrustedProxies(' , ')).toBeNull();
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.0/', '::1/129', '1.2.3.4/8/1']) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(TrustedProxyError);
    }
  });
});
