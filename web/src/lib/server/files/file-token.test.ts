import { describe, expect, it } from 'vitest';
import type { SecretKey } from '@csms/db';
import { createFileToken, verifyFileToken } from './file-token.ts';

const key: SecretKey = { bytes: Buffer.from('k'.repeat(32)), source: 'env' };
const other: SecretKey = { bytes: Buffer.from('o'.repeat(32)), source: 'env' };
const NOW = Date.UTC(2026, 10, 29, 12);

describe('station file tokens', () => {
  it('are valid for their purpose and id until they expire', () => {
    const token = createFileToken(key, 'firmware', 4, NOW + 60_000);
    expect(verifyFileToken(key, 'firmware', 4, token, NOW)).toBe('valid');
    expect(verifyFileToken(key, 'firmware', 4, token, NOW + 59_000)).toBe('valid');
    expect(verifyFileToken(key, 'firmware', 4, token, NOW + 61_000)).toBe('expired');
  });

  it('are refused for another id, purpose or key, and when tampered with or malformed', () => {
    const token = createFileToken(key, 'upload', 4, NOW + 60_000);
    expect(verifyFileToken(key, 'upload', 5, token, NOW)).toBe('invalid');
    expect(verifyFileToken(key, 'firmware', 4, token, NOW)).toBe('invalid');
    expect(verifyFileToken(other, 'upload', 4, token, NOW)).toBe('invalid');
    // a later expiry with the old MAC is a forgery, not an extension
    const [, macPart] = token.split('.');
    const extended = `${(Math.floor(NOW / 1000) + 86_400).toString(36)}.${macPart}`;
    expect(verifyFileToken(key, 'upload', 4, extended, NOW)).toBe('invalid');
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(verifyFileToken(key, 'upload', 4, flipped, NOW)).toBe('invalid');
    for (const bad of [null, '', 'x', `${token}=`, token.replace('.', '')]) expect(verifyFileToken(key, 'upload', 4, bad, NOW)).toBe('invalid');
  });
});
