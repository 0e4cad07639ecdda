import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

function throttle(maxKeys = 100) {
  let now = 1_000_000;
  const t = new LoginThrottle({ freeFailures: 3, baseLockMs: 1000, maxLockMs: 8000, maxKeys, now: () => now });
  return { t, advance: (ms: number) => (now += ms) };
}

describe('LoginThrottle', () => {
  it('locks a key once it reached its free failures, doubling the lockout up to the cap', () => {
    const { t } = throttle();
    t.fail('k');
    t.fail('k');
    expect(t.lockedFor('k')).toBe(0);
    t.fail('k');
    expect(t.lockedFor('k')).toBe(1000);
    t.fail('k');
    expect(t.lockedFor('k')).toBe(2000);
    for (let i = 0; i < 10; i++) t.fail('k');
    expect(t.lockedFor('k')).toBe(8000);
    expect(t.lockedFor('other')).toBe(0);
  });

  it('lets a key try again after its lockout, and forgets it after a quiet spell or a success', () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 3; i++) t.fail('k');
    advance(1000);
    expect(t.lockedFor('k')).toBe(0);
    t.fail('k');
    expect(t.lockedFor('k')).toBe(2000);
    advance(2000 + 8001);
    t.fail('k');
    // forgotten: this is its first failure again
    expect(t.lockedFor('k')).toBe(0);
    t.fail('k');
    t.fail('k');
    t.succeed('k');
    t.fail('k');
    expect(t.lockedFor('k')).toBe(0);
  });

  it('keeps at most maxKeys keys, dropping the longest quiet first', () => {
    const { t } = throttle(2);
    for (const key of ['a', 'b', 'a', 'a', 'c', 'c', 'c']) t.fail(key);
    expect(t.lockedFor('a')).toBe(1000);
    expect(t.lockedFor('c')).toBe(1000);
    for (let i = 0; i < 3; i++) t.fail('b');
    // b came back and pushed out a, whose last failure is now the oldest
    expect(t.lockedFor('a')).toBe(0);
    expect(t.lockedFor('b')).toBe(1000);
  });
});
