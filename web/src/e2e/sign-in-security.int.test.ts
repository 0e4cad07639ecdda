import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormOf } from '../../../db/src/orm/registry.ts';
import { CATALOGS, type Locale } from '../lib/i18n/index.ts';
import { launchBrowser, newContext, open, signIn } from '../testing/browser.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const MAX_FAILURES = 3;
const LOCKOUT_SECONDS = 600;

/** A page on another origin (same host, another port) that posts a form to the app as soon as it loads. */
async function startAttackerSite(target: string, fields: Record<string, string>): Promise<{ url: string; server: Server }> {
  const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`).join('');
  const html = `<!doctype html><title>cheap chargers</title><form id="f" method="POST" action="${target}">${inputs}</form>`
    + '<script>document.getElementById("f").submit()</script>';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the attacker site has no port');
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

/** The sign-in form once: fills it, submits, and returns the status of the answer to the POST. */
async function submitSignIn(page: Page, username: string, password: string): Promise<number> {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.locator('main form button[type=submit]').click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

describe('CSRF, session expiry and the sign-in lockout, in headless Chromium', () => {
  let app: TestWebApp;
  let browser: Browser;
  let attacker: Server | undefined;

  beforeAll(async () => {
    app = await startWebApp({ env: { LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCKOUT_SECONDS: String(LOCKOUT_SECONDS) } });
    browser = await launchBrowser();
  }, 600_000); // the first test file after a change of the app's sources builds it

  afterAll(async () => {
    attacker?.close();
    await browser?.close();
    await app?.stop();
  });

  it('refuses a form posted from another origin with the admin’s session cookie, and changes nothing', async () => {
    const fields = { username: 'mallory', password: 'mallory-password', role: 'admin', language: 'en' };
    const site = await startAttackerSite(`${app.url}/admin/users?/create`, fields);
    attacker = site.server;
    const context = await newContext(browser, app.url, 'en');
    const page = await context.newPage();
    await signIn(page, 'test-admin', 'admin-password');

    const [post] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(`${app.url}/admin/users`)),
      page.goto(site.url),
    ]);
    const sent = await post.request().allHeaders();
    // the victim's cookie went along (ports do not make a site: SameSite=Strict lets it through) …
    expect(sent.cookie).toMatch(/csms_session=/);
    expect(sent.origin).toBe(new URL(site.url).origin);
    // … and the origin check refused the write
    expect(post.status()).toBe(403);
    expect(await post.text()).toBe('cross-origin request refused');
    expect(await app.db.users.get('mallory')).toBeNull();

    // the same form from the app's own page is a valid request: only its origin made the difference
    await open(page, '/admin/users');
    await page.evaluate(({ action, values }) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = action;
      form.id = 'same-form';
      for (const [name, value] of Object.entries(values)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      form.append(Object.assign(document.createElement('button'), { type: 'submit', textContent: 'send' }));
      document.body.append(form);
    }, { action: '/admin/users?/create', values: fields });
    const [own] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(`${app.url}/admin/users`)),
      page.locator('#same-form button').click(),
    ]);
    expect(own.status()).toBe(200);
    expect((await app.db.users.get('mallory'))?.role).toBe('admin');
    await context.close();
  });

  it('sends a browser whose session expired to sign-in, and the old cookie no longer works', async () => {
    const context = await newContext(browser, app.url, 'en');
    const page = await context.newPage();
    await signIn(page, 'test-user', 'user-password');
    await open(page, '/reports/charge');
    expect(new URL(page.url()).pathname).toBe('/reports/charge');
    const cookie = (await context.cookies()).find((c) => c.name === 'csms_session');
    expect(cookie).toBeDefined();
    const hash = createHash('sha256').update(cookie!.value).digest('hex');
    // the session's lifetime ends now: its expiry becomes its start
    const changed = await ormOf(app.db).em.getConnection().execute('update web_session set expires_at = created_at where token_hash = ?', [hash], 'run');
    expect(changed).toMatchObject({ affectedRows: 1 });

    await page.goto('/reports/charge');
    const landed = new URL(page.url());
    expect(landed.pathname).toBe('/login');
    expect(landed.searchParams.get('redirectTo')).toBe('/reports/charge');
    expect(await page.locator('h1').innerText()).toBe(CATALOGS.en.login.title);
    // the app removed the stale cookie, and replaying it is refused on pages and on the API
    expect((await context.cookies()).some((c) => c.name === 'csms_session')).toBe(false);
    const replayed = `csms_session=${cookie!.value}`;
    const pageAgain = await app.call('/reports/charge', { headers: { cookie: replayed, accept: 'text/html' } });
    expect(pageAgain.status).toBe(303);
    expect(pageAgain.headers.get('location')).toBe('/login?redirectTo=%2Freports%2Fcharge');
    expect((await app.call('/api/v1/session', { headers: { cookie: replayed } })).status).toBe(401);

    // signing in again returns to the page that was asked for
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await page.locator('#username').fill('test-user');
    await page.locator('#password').fill('user-password');
    await Promise.all([page.waitForURL((url) => url.pathname === '/reports/charge'), page.locator('main form button[type=submit]').click()]);
    await context.close();
  });

  it('guards pages by route: signed out to sign-in and back, a plain user gets "Access denied" in German', async () => {
    const context = await newContext(browser, app.url, 'de');
    const page = await context.newPage();
    await page.goto('/admin/message-log?direction=in');
    const landed = new URL(page.url());
    expect(landed.pathname).toBe('/login');
    expect(landed.searchParams.get('redirectTo')).toBe('/admin/message-log?direction=in');
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await page.locator('#username').fill('test-admin');
    await page.locator('#password').fill('admin-password');
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin/message-log' && url.search === '?direction=in'), page.locator('main form button[type=submit]').click()]);
    await context.close();

    await app.db.users.create({ username: 'user-de', password: 'user-password', role: 'user', language: 'de' });
    const userContext = await newContext(browser, app.url, 'de');
    const userPage = await userContext.newPage();
    await signIn(userPage, 'user-de', 'user-password');
    const denied = await userPage.goto('/admin/users');
    expect(denied?.status()).toBe(403);
    expect(await userPage.locator('h1').innerText()).toBe(CATALOGS.de.page.forbidden);
    expect(await userPage.locator('main').innerText()).toContain(CATALOGS.de.page.forbiddenText);
    // the page is the app's own (hydrated under its CSP nonce), and a click within the app is refused the same way
    await userPage.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await open(userPage, '/');
    await userPage.evaluate(() => {
      const link = document.createElement('a');
      link.href = '/admin/tokens';
      link.id = 'to-admin';
      link.textContent = 'admin';
      document.body.append(link);
    });
    await userPage.locator('#to-admin').click();
    await expect.poll(() => userPage.locator('h1').innerText()).toBe(CATALOGS.de.page.forbidden);
    await userContext.close();
  });

  for (const lang of ['en', 'de'] as const satisfies readonly Locale[]) {
    it(`says in words (${lang}) that sign-in is locked after ${MAX_FAILURES} wrong passwords, and refuses the right one meanwhile`, async () => {
      const m = CATALOGS[lang];
      const username = `locked-${lang}`;
      await app.db.users.create({ username, password: 'the-right-password', role: 'user', language: lang });
      const context = await newContext(browser, app.url, lang);
      const page = await context.newPage();
      await open(page, '/login');
      const alert = page.locator('[role=alert]');
      for (let i = 0; i < MAX_FAILURES; i += 1) {
        expect(await submitSignIn(page, username, `wrong-${i}`)).toBe(401);
        await expect.poll(() => alert.innerText()).toBe(m.login.failed);
      }
      const locked = m.login.locked.replace('{{seconds}}', String(LOCKOUT_SECONDS));
      for (let i = 0; i < 2; i += 1) {
        expect(await submitSignIn(page, username, 'the-right-password')).toBe(429);
        await expect.poll(() => alert.innerText()).toBe(locked);
        expect(new URL(page.url()).pathname).toBe('/login');
        expect((await context.cookies()).some((c) => c.name === 'csms_session')).toBe(false);
      }
      expect((await app.db.users.get(username))?.lastLoginAt).toBeNull();
      // the lock is this account's: another user signs in from the same browser
      await signIn(page, 'test-admin', 'admin-password');
      await context.close();
    });
  }
});
