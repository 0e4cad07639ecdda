import { describe, expect, it } from 'vitest';
import { revocationReason } from './revoke-connection.ts';

describe('revocationReason', () => {
  const before = { basicAuthPasswordHash: 'hmac-sha256:a', securityProfile: 1, clientCertThumbprint: null };

  it('names the change that invalidates a live connection', () => {
    expect(revocationReason(before, { ...before, basicAuthPasswordHash: 'hmac-sha256:b' })).toBe('password changed');
    expect(revocationReason(before, { ...before, basicAuthPasswordHash: null })).toBe('password changed');
    expect(revocationReason(before, { ...before, securityProfile: 2 })).toBe('security profile changed');
    expect(revocationReason(before, { ...before, clientCertThumbprint: 'ab:cd' })).toBe('certificate changed');
  });

  it('leaves the connection alone when nothing that admitted it changed', () => {
    expect(revocationReason(before, { ...before })).toBeNull();
    expect(revocationReason(before, { ...before, clientCertThumbprint: '' })).toBeNull();
  });
});
