import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Services } from '../services.ts';
import type { Principal } from './principal.ts';
import { servedOverHttps } from '../hooks/security-headers.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'csms_session';

/** A session's use is written back at most this often (idle timeout resolution). */
const TOUCH_INTERVAL_MS = 60_000;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The CSRF token of a session: derived from the cookie value, which a cross-site page can neither read nor guess,
 * so nothing extra is stored.
 */
export function csrfTokenFor(cookieValue: string): string {
  return createHash('sha256').update('csrf\0').update(cookieValue).digest('base64url');
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfTokenMatches(presented: string | null, expected: string | undefined): boolean {
  if (!presented || !expected) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Starts a session for `username` and sets the cookie (http-only, SameSite=Strict, expiring with the session); purges
 * every expired or idle session of all users from the database.
 */
export async function startSession(services: Services, cookies: Cookies, url: URL, username: string): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + services.config.sessionLifetimeMs);
  await services.db.webSessions.create(username, sha256(value), now, expiresAt);
  // sign-ins are rare and throttled: the moment to drop sessions that ended by lifetime or idleness
  await services.db.webSessions.removeExpired(now, new Date(now.getTime() - services.config.sessionIdleMs));
  const { sessionCookieSecure } = services.config;
  const secure = sessionCookieSecure === 'auto' ? servedOverHttps(url) : sessionCookieSecure;
  cookies.set(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: expiresAt });
  return csrfTokenFor(value);
}

/** The principal of a session cookie, or null when there is none or it expired (the stale cookie is removed). */
export async function sessionPrincipal(services: Services, cookies: Cookies): Promise<Principal | null> {
  const value = cookies.get(SESSION_COOKIE);
  if (!value) return null;
  const now = new Date();
  const found = await services.db.webSessions.find(sha256(value), now, new Date(now.getTime() - services.config.sessionIdleMs));
  if (!found) {
    cookies.delete(SESSION_COOKIE, { path: '/' });
    return null;
  }
  if (now.getTime() - found.session.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await services.db.webSessions.touch(found.session.id, now);
  }
  const { user } = found;
  return {
    via: 'session', userId: user.id, username: user.username, role: user.role, csrfToken: csrfTokenFor(value), language: user.language,
  };
}

/** Ends the session of the cookie (if any) and removes the cookie. */
export async function endSession(services: Services, cookies: Cookies): Promise<void> {
  const value = cookies.get(SESSION_COOKIE);
  if (value) await services.db.webSessions.remove(sha256(value));
  cookies.delete(SESSION_COOKIE, { path: '/' });
}
