import { describe, expect, it } from 'vitest';
import { LoginThrottle, type Admission, type LoginAttempt } from './throttle.ts';

function throttleAt(start = 1_000_000) {
  const clock = { t: start };
  const throttle = new LoginThrottle({ maxFailures: 5, lockoutMs: 60_000, maxLockoutMs: 600_000 }, () => clock.t);
  return { clock, throttle };
}

function admitted(admission: Admission): LoginAttempt {
  if (!admission.admitted) throw new Error(`refused for ${admission.retryAfterMs} ms`);
  return admission.attempt;
}

describe('LoginThrottle', () => {
  it('counts an attempt before its check: a parallel burst is admitted only up to the limit', () => {
    const { throttle } = throttleAt();
    const answers = Array.from({ length: 100 }, () => throttle.begin('admin', '203.0.113.7'));
    expect(answers.filter((a) => a.admitted)).toHaveLength(5);
    for (const answer of answers) if (answer.admitted) answer.attempt.fail();
    const after = throttle.begin('admin', '203.0.113.7');
    expect(after).toEqual({ admitted: false, retryAfterMs: 60_000 });
  });

  it('frees a cancelled attempt without counting it as a failure', () => {
    const { throttle } = throttleAt();
    const attempts = Array.from({ length: 5 }, () => admitted(throttle.begin('admin', 'a')));
    expect(throttle.begin('admin', 'a').admitted).toBe(false);
    for (const attempt of attempts) attempt.cancel();
    expect(throttle.begin('admin', 'a').admitted).toBe(true);
  });

  it('locks a name from one address but not from another, and doubles each further lockout', () => {
    const { clock, throttle } = throttleAt();
    for (let i = 0; i < 5; i += 1) admitted(throttle.begin('admin', 'attacker')).fail();
    expect(throttle.begin('admin', 'attacker')).toEqual({ admitted: false, retryAfterMs: 60_000 });
    admitted(throttle.begin('admin', 'office')).succeed();
    clock.t += 60_000;
    for (let i = 0; i < 5; i += 1) admitted(throttle.begin('admin', 'attacker')).fail();
    expect(throttle.begin('admin', 'attacker')).toEqual({ admitted: false, retryAfterMs: 120_000 });
    clock.t += 120_000;
    for (let i = 0; i < 5; i += 1) admitted(throttle.begin('admin', 'attacker')).fail();
    expect(throttle.begin('admin', 'attacker')).toEqual({ admitted: false, retryAfterMs: 240_000 });
  });

  it('caps the back-off and forgets a key after a quiet maxLockout', () => {
    const { clock, throttle } = throttleAt();
    for (let round = 0; round < 6; round += 1) {
      for (let i = 0; i < 5; i += 1) admitted(throttle.begin('x', 'a')).fail();
      const refused = throttle.begin('x', 'a');
      expect(refused.admitted).toBe(false);
      if (!refused.admitted) {
        expect(refused.retryAfterMs).toBeLessThanOrEqual(600_000);
        clock.t += refused.retryAfterMs;
      }
    }
    clock.t += 600_001;
    for (let i = 0; i < 5; i += 1) admitted(throttle.begin('x', 'a')).fail();
    expect(throttle.begin('x', 'a')).toEqual({ admitted: false, retryAfterMs: 60_000 });
  });

  it('does not let failures from one address lock a name that signed in there before', () => {
    const { throttle } = throttleAt();
    admitted(throttle.begin('alice', 'nat')).succeed();
    // 20 failures over many names from one address lock the address for names not known there …
    for (let i = 0; i < 20; i += 1) admitted(throttle.begin(`guess-${i % 4}`, 'nat')).fail();
    expect(throttle.begin('bob', 'nat').admitted).toBe(false);
    // … but not for alice, who signs in from there, nor for anybody elsewhere
    expect(throttle.begin('alice', 'nat').admitted).toBe(true);
    expect(throttle.begin('bob', 'home').admitted).toBe(true);
  });

  it('locks a name guessed from many addresses, except from the addresses it signed in from', () => {
    const { throttle } = throttleAt();
    admitted(throttle.begin('admin', 'admin-desk')).succeed();
    for (let i = 0; i < 20; i += 1) admitted(throttle.begin('admin', `bot-${i}`)).fail();
    expect(throttle.begin('admin', 'fresh-address').admitted).toBe(false);
    expect(throttle.begin('admin', 'admin-desk').admitted).toBe(true);
  });

  it('forgets a pair’s failures on success and treats user names case-insensitively', () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 4; i += 1) admitted(throttle.begin('Admin', 'a')).fail();
    admitted(throttle.begin('admin', 'a')).succeed();
    for (let i = 0; i < 4; i += 1) admitted(throttle.begin('ADMIN', 'a')).fail();
    expect(throttle.begin('admin', 'a').admitted).toBe(true);
  });
});
