import type { Cookies } from '@sveltejs/kit';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { startSession } from './sessions.ts';
import { GateBusyError } from './verification-gate.ts';

/** The outcome of a successful sign-in. */
export interface SignedIn {
  readonly username: string;
  readonly role: 'admin' | 'user';
  readonly csrfToken: string;
}

function tooMany(waitMs: number, message: string): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError(429, 'TooManyAttempts', `${message}; try again in ${seconds} s`, {}, { headers: { 'retry-after': String(seconds) } });
}

/**
 * Checks a user name and password against the database, with throttling of repeated failures, and starts a session.
 * The attempt is counted before the password is checked and the check waits for a slot of the password gate (see
 * docs/security.md, Sign-in throttling). Throws `ApiError` 401 (wrong credentials, the same answer for unknown
 * users) or 429 (locked out, or too many sign-ins in progress; with Retry-After).
 */
export async function signIn(
  services: Services,
  input: { username: string; password: string; address: string; cookies: Cookies; url: URL },
): Promise<SignedIn> {
  const { loginThrottle: throttle, passwordGate, db, log } = services;
  const admission = throttle.begin(input.username, input.address);
  if (!admission.admitted) {
    log.warn({ username: input.username, address: input.address }, 'sign-in refused: locked out');
    throw tooMany(admission.retryAfterMs, 'too many failed sign-ins');
  }
  const { attempt } = admission;
  let user: Awaited<ReturnType<typeof db.users.verifyLogin>>;
  try {
    user = await passwordGate.run(() => db.users.verifyLogin(input.username, input.password, new Date()));
  } catch (error) {
    attempt.cancel();
    if (error instanceof GateBusyError) {
      log.warn({ address: input.address }, 'sign-in refused: too many in progress');
      throw tooMany(1000, 'too many sign-ins in progress');
    }
    throw error;
  }
  if (!user) {
    attempt.fail();
    log.warn({ username: input.username, address: input.address }, 'sign-in failed');
    throw new ApiError(401, 'Unauthorized', 'wrong user name or password');
  }
  attempt.succeed();
  const csrfToken = await startSession(services, input.cookies, input.url, user.username);
  log.info({ username: user.username }, 'signed in');
  return { username: user.username, role: user.role, csrfToken };
}
