import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SealedSecretError } from '../errors.ts';
import { isSealedSecret, openSealedSecret, sealSecret } from './command-secret.ts';
import type { SecretKey } from './secret-key.ts';

describe('sealed command secrets', () => {
  const key: SecretKey = { bytes: randomBytes(32), source: 'env' };
  const scope = { chargePointId: 'CP-1', key: 'AuthorizationKey' };
  const now = 1_800_000_000_000;

  it('opens for the station and key it was sealed for, until it expires; the sealed text does not contain the value', () => {
    const sealed = sealSecret(key, scope, 'the-password-1234', now + 60_000);
    expect(isSealedSecret(sealed)).toBe(true);
    expect(sealed).not.toContain('the-password-1234');
    expect(sealSecret(key, scope, 'the-password-1234', now + 60_000)).not.toBe(sealed);
    expect(openSealedSecret(key, scope, sealed, now)).toBe('the-password-1234');
    expect(openSealedSecret(key, scope, sealed, now + 60_000)).toBe('the-password-1234');
    expect(() => openSealedSecret(key, scope, sealed, now + 60_001)).toThrow(/expired/);
  });

  it('refuses another station, another key, another server key, a changed expiry and a tampered text', () => {
    const sealed = sealSecret(key, scope, 'the-password-1234', now + 60_000);
    const refused = (fn: () => unknown) => expect(fn).toThrow(SealedSecretError);
    refused(() => openSealedSecret(key, { ...scope, chargePointId: 'CP-2' }, sealed, now));
    refused(() => openSealedSecret(key, { ...scope, key: 'SecurityCtrlr.BasicAuthPassword' }, sealed, now));
    refused(() => openSealedSecret({ bytes: randomBytes(32), source: 'env' }, scope, sealed, now));
    const [prefix, rest] = [sealed.slice(0, sealed.indexOf('.')), sealed.slice(sealed.indexOf('.'))];
    refused(() => openSealedSecret(key, scope, `${prefix.slice(0, -1)}z${rest}`, now));
    refused(() => openSealedSecret(key, scope, `${sealed.slice(0, -2)}AA`, now));
    refused(() => openSealedSecret(key, scope, 'csms-sealed:v1:garbage', now));
    refused(() => openSealedSecret(key, scope, 'plain', now));
  });
});
