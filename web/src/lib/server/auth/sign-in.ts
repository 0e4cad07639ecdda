import type { Cookies } from '@sveltejs/kit';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { startSession } from './sessions.ts';

/** The outcome of a successful sign-in. */
export interface SignedIn {
  readonly username: string;
  readonly role: 'admin' | 'user';
  readonly csrfToken: string;
}

/**
 * Checks a user name and password against the database, with throttling of repeated failures, and starts a session.
 * Throws `ApiError` 401 (wrong credentials, the same answer for unknown users) or 429 (locked out, with Retry-After).
 */
export async function signIn(
  services: Services,
  input: { username: string; password: string; address: string; cookies: Cookies; url: URL },
): Promise<SignedIn> {
  const { loginThrottle: throttle, db, log } = services;
  const waitMs = throttle.retryAfterMs(input.username, input.address);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new ApiError(429, 'TooManyAttempts', `too many failed sign-ins; try again in ${seconds} s`, {}, {
      headers: { 'retry-after': String(seconds) },
    });
  }
  const user = await db.users.verifyLogin(input.username, input.password, new Date());
  if (!user) {
    throttle.fail(input.username, input.address);
    log.warn({ username: input.username, address: input.address }, 'sign-in failed');
    throw new ApiError(401, 'Unauthorized', 'wrong user name or password');
  }
  throttle.succeed(input.username);
  const csrfToken = await startSession(services, input.cookies, input.url, user.username);
  log.info({ username: user.username }, 'signed in');
  return { username: user.username, role: user.role, csrfToken };
}
