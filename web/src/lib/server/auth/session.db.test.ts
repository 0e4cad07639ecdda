import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../testing/web-app.ts';

function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0]!;
}

describe('sign-in, sessions, CSRF and throttling', () => {
  let app: TestWebApp;
  beforeAll(async () => {
    // the test runner is the "proxy": X-Forwarded-For from 127.0.0.1 names the client
    app = await startWebApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_SECONDS: '60', TRUSTED_PROXIES: '127.0.0.1' } });
  });
  afterAll(() => app?.stop());

  const signIn = (username: string, password: string, from?: string) =>
    app.call('/api/v1/session', { method: 'POST', body: { username, password }, headers: from ? { 'x-forwarded-for': from } : {} });

  it('signs in with a secure http-only SameSite=Strict cookie and answers who is calling', async () => {
    expect((await signIn('test-admin', 'wrong-password')).status).toBe(401);
    const response = await signIn('test-admin', 'admin-password');
    expect(response.status).toBe(201);
    const body = (await response.json()) as { username: string; role: string; csrfToken: string };
    expect(body).toMatchObject({ username: 'test-admin', role: 'admin', via: 'session' });
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^csms_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Expires=/i);
    expect(setCookie).not.toMatch(/Secure/i); // no ORIGIN=https://… configured in this test
    const me = await app.call('/api/v1/session', { headers: { cookie: cookieOf(response) } });
    expect(await me.json()).toEqual({ username: 'test-admin', role: 'admin', via: 'session', csrfToken: body.csrfToken });
  });

  it('requires the CSRF token and the own origin for cookie-authenticated writes', async () => {
    const response = await signIn('test-admin', 'admin-password');
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    const cookie = cookieOf(response);
    const tag = (headers: Record<string, string>, tagId: string) =>
      app.call('/api/v1/charge-tags', { method: 'POST', headers: { cookie, ...headers }, body: { tagId, name: 'x' } });
    const missing = await tag({}, 'CSRF-1');
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 'CsrfRejected' } });
    expect((await tag({ 'x-csrf-token': 'forged' }, 'CSRF-1')).status).toBe(403);
    expect((await tag({ 'x-csrf-token': csrfToken, origin: 'https://evil.example' }, 'CSRF-1')).status).toBe(403);
    expect((await tag({ 'x-csrf-token': csrfToken, origin: app.url }, 'CSRF-1')).status).toBe(201);
    // reads and bearer-token writes need no CSRF token
    expect((await app.call('/api/v1/charge-tags', { headers: { cookie } })).status).toBe(200);
    expect((await app.call('/api/v1/charge-tags', { method: 'POST', token: app.adminToken, body: { tagId: 'CSRF-2', name: 'y' } })).status).toBe(201);
  });

  it('checks the role of a session user on the server', async () => {
    const response = await signIn('test-user', 'user-password');
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    const headers = { cookie: cookieOf(response), 'x-csrf-token': csrfToken };
    expect((await app.call('/api/v1/transactions', { headers })).status).toBe(200);
    expect((await app.call('/api/v1/users', { headers })).status).toBe(403);
    expect((await app.call('/api/v1/charge-points/X/reset', { method: 'POST', headers })).status).toBe(403);
  });

  it('logs out, and a password change ends the user’s sessions', async () => {
    const first = await signIn('test-user', 'user-password');
    const { csrfToken } = (await first.json()) as { csrfToken: string };
    const cookie = cookieOf(first);
    const out = await app.call('/api/v1/session', { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/csms_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    expect((await app.call('/api/v1/session', { headers: { cookie } })).status).toBe(401);

    const second = cookieOf(await signIn('test-user', 'user-password'));
    expect((await app.call('/api/v1/session', { headers: { cookie: second } })).status).toBe(200);
    const changed = await app.call('/api/v1/users/test-user', { method: 'PATCH', token: app.adminToken, body: { password: 'new-user-password' } });
    expect(changed.status).toBe(200);
    expect((await app.call('/api/v1/session', { headers: { cookie: second } })).status).toBe(401);
    expect((await signIn('test-user', 'new-user-password')).status).toBe(201);
  });

  it('locks a user name out after repeated failures, even for the right password', async () => {
    await app.db.users.create({ username: 'victim', password: 'victim-password', role: 'user' });
    for (let i = 0; i < 3; i += 1) expect((await signIn('victim', `guess-${i}`)).status).toBe(401);
    const locked = await signIn('victim', 'victim-password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ error: { code: 'TooManyAttempts' } });
  });

  it('signs in through the form page, lands on the start page and signs out with a form', async () => {
    expect((await app.call('/')).status).toBe(303);
    const page = await app.call('/login');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="password"');
    const form = new URLSearchParams({ username: 'test-admin', password: 'admin-password' }).toString();
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', origin: app.url, accept: 'text/html' };
    const foreign = await app.call('/login', { method: 'POST', body: form, headers: { ...formHeaders, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403); // the origin check of hooks.server.ts
    const posted = await app.call('/login', { method: 'POST', body: form, headers: formHeaders });
    expect(posted.status, await posted.clone().text()).toBe(303);
    expect(posted.headers.get('location')).toBe('/');
    const cookie = cookieOf(posted);
    const landing = await app.call('/', { headers: { cookie } });
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('test-admin');
    const out = await app.call('/logout', { method: 'POST', body: '', headers: { ...formHeaders, cookie } });
    expect(out.status).toBe(303);
    expect((await app.call('/', { headers: { cookie } })).status).toBe(303);
  });

  it('holds the lockout under a parallel burst: at most the limit of password checks, the owner still gets in elsewhere', async () => {
    await app.db.users.create({ username: 'burst-target', password: 'target-password', role: 'admin' });
    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => signIn('burst-target', `guess-${i}`, '203.0.113.7')));
    const statuses = burst.map((response) => response.status);
    // 401 means the password was checked: exactly LOGIN_MAX_FAILURES of them, every other guess refused unchecked
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(97);
    expect((await signIn('burst-target', 'target-password', '203.0.113.7')).status).toBe(429);
    expect((await signIn('burst-target', 'target-password', '198.51.100.20')).status).toBe(201);
  });

  it('does not let one address lock out every account, nor guesses from many addresses the account’s own address', async () => {
    await app.db.users.create({ username: 'office-user', password: 'office-password', role: 'user' });
    expect((await signIn('office-user', 'office-password', '192.0.2.10')).status).toBe(201);
    // 12 (4 × 3) failures over several names from the shared address lock it for names not known there …
    for (let i = 0; i < 12; i += 1) expect((await signIn(`nobody-${i % 4}`, 'x', '192.0.2.10')).status).toBe(401);
    expect((await signIn('test-admin', 'admin-password', '192.0.2.10')).status).toBe(429);
    // … while the known user signs in there, and other addresses are unaffected
    expect((await signIn('office-user', 'office-password', '192.0.2.10')).status).toBe(201);
    expect((await signIn('test-admin', 'admin-password', '192.0.2.11')).status).toBe(201);

    // guesses for one name from 4 addresses lock it from new addresses, not from the one it signed in from
    for (let a = 0; a < 4; a += 1) {
      for (let i = 0; i < 3; i += 1) expect((await signIn('office-user', 'wrong', `198.18.0.${a}`)).status).toBe(401);
    }
    expect((await signIn('office-user', 'office-password', '198.18.1.1')).status).toBe(429);
    expect((await signIn('office-user', 'office-password', '192.0.2.10')).status).toBe(201);
  });

  it('takes the client address from X-Forwarded-For only from a trusted proxy', async () => {
    const direct = await startWebApp({ env: { LOGIN_MAX_FAILURES: '2', LOGIN_LOCKOUT_SECONDS: '60' } });
    try {
      await direct.db.users.create({ username: 'spoofed', password: 'spoofed-password', role: 'user' });
      const attempt = (password: string, from: string) =>
        direct.call('/api/v1/session', { method: 'POST', body: { username: 'spoofed', password }, headers: { 'x-forwarded-for': from } });
      expect((await attempt('a', '203.0.113.1')).status).toBe(401);
      expect((await attempt('b', '203.0.113.2')).status).toBe(401);
      // a forged header does not give the guesser a fresh address: the socket's peer is the client here
      expect((await attempt('spoofed-password', '203.0.113.3')).status).toBe(429);
    } finally {
      await direct.stop();
    }
  });

  it('purges sessions that expired or went idle when somebody signs in', async () => {
    const hour = 3_600_000;
    const t0 = Date.now();
    await app.db.webSessions.create('test-user', 'f'.repeat(64), new Date(t0 - 48 * hour), new Date(t0 - 36 * hour));
    await app.db.webSessions.create('test-user', 'e'.repeat(64), new Date(t0 - 10 * hour), new Date(t0 + 2 * hour));
    // seen from before their end, both rows are still there
    expect(await app.db.webSessions.find('f'.repeat(64), new Date(t0 - 47 * hour), new Date(t0 - 49 * hour))).not.toBeNull();
    expect(await app.db.webSessions.find('e'.repeat(64), new Date(t0 - 9 * hour), new Date(t0 - 11 * hour))).not.toBeNull();
    expect((await signIn('test-admin', 'admin-password')).status).toBe(201);
    // the expired one (lifetime) and the idle one (unused for 10 h > SESSION_IDLE_MINUTES) are gone
    expect(await app.db.webSessions.find('f'.repeat(64), new Date(t0 - 47 * hour), new Date(t0 - 49 * hour))).toBeNull();
    expect(await app.db.webSessions.find('e'.repeat(64), new Date(t0 - 9 * hour), new Date(t0 - 11 * hour))).toBeNull();
  });

  it('creates API tokens with an optional expiry and refuses them once expired', async () => {
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const created = await app.call('/api/v1/tokens', { method: 'POST', token: app.adminToken, body: { name: 'expiring', expiresAt: soon } });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { token: string; expiresAt: string };
    expect(new Date(body.expiresAt).toISOString()).toBe(soon);
    expect((await app.call('/api/v1/charge-tags', { token: body.token })).status).toBe(200);
    const past = await app.call('/api/v1/tokens', { method: 'POST', token: app.adminToken, body: { name: 'stale', expiresAt: '2020-01-01T00:00:00Z' } });
    expect({ status: past.status, body: await past.json() }).toMatchObject({ status: 400, body: { error: { field: 'expiresAt', message: 'expiresAt: must be in the future' } } });
    expect((await app.call('/api/v1/tokens', { method: 'POST', token: app.adminToken, body: { name: 'bad', expiresAt: 'tomorrow' } })).status).toBe(400);
    // a token whose expiry passed (made with a creation time in the past) is refused like a revoked one
    const t0 = new Date(Date.now() - 7_200_000);
    const old = await app.db.apiTokens.create('test-admin', 'expired', { now: t0, expiresAt: new Date(t0.getTime() + 60_000) });
    const refused = await app.call('/api/v1/charge-tags', { token: old.token });
    expect(refused.status).toBe(401);
    const listed = (await (await app.call('/api/v1/tokens', { token: app.adminToken })).json()) as { items: { name: string; expiresAt: string | null }[] };
    expect(listed.items.find((t) => t.name === 'expired')?.expiresAt).toBe(new Date(t0.getTime() + 60_000).toISOString());
    expect(listed.items.find((t) => t.name === 'tests')?.expiresAt).toBeNull();
  });
});
