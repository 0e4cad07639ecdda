import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, open, signIn } from '../testing/browser.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

/** Every CSP violation a page reports, from the DOM event and from the console. */
interface Violations {
  read(page: Page): Promise<string[]>;
}

async function watchViolations(context: BrowserContext): Promise<Violations> {
  const console: string[] = [];
  await context.addInitScript(() => {
    const found: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = found;
    document.addEventListener('securitypolicyviolation', (event) => {
      found.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  context.on('console', (message) => {
    if (/content security policy/i.test(message.text())) console.push(message.text());
  });
  return {
    read: async (page) => [...console.splice(0), ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.splice(0)))],
  };
}

/** The directives of a CSP header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('security headers and a CSP without inline scripts, in headless Chromium', () => {
  let app: TestWebApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startWebApp({ env: { PUBLIC_BASE_URL: 'https://charge.example.com' } });
    await app.db.chargePoints.create('cp-sec', { name: 'Security test station' });
    await app.db.connectors.recordStatus({ chargePointId: 'cp-sec', evseId: 1 }, { ocppStatus: 'Available', at: new Date() });
    await app.db.chargeTags.create('TAG-SEC', { name: 'Security tag' });
    browser = await launchBrowser();
  }, 600_000); // the first test file after a change of the app's sources builds it

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('renders every main page, signed out and in, hydrated and without a single CSP violation', async () => {
    const context = await newContext(browser, app.url, 'en');
    const violations = await watchViolations(context);
    const page = await context.newPage();
    const visited: Record<string, string[]> = {};
    for (const path of ['/login', '/charge/cp-sec/1']) {
      await open(page, path);
      visited[path] = await violations.read(page);
    }
    await signIn(page, 'test-admin', 'admin-password');
    const pages = [
      '/',
      '/admin',
      '/admin/charge-points',
      '/admin/charge-points/new',
      '/admin/charge-points/cp-sec',
      '/admin/charge-points/cp-sec/qr',
      '/charge-points/cp-sec',
      '/admin/connectors',
      '/admin/tags',
      '/admin/tags/new',
      '/admin/tags/TAG-SEC',
      '/admin/users',
      '/admin/tokens',
      '/admin/message-log',
      '/admin/diagnostics',
      '/admin/alerts',
      '/admin/payments',
      '/admin/security-events',
      '/admin/firmware',
      '/reports/charge',
    ];
    for (const path of pages) {
      await open(page, path);
      expect(new URL(page.url()).pathname, `${path} redirected`).toBe(path);
      visited[path] = await violations.read(page);
    }
    await page.goto('/no-such-page');
    visited['/no-such-page'] = await violations.read(page);
    expect(Object.entries(visited).filter(([, found]) => found.length > 0)).toEqual([]);

    // the detector works, and an injected inline script does not run
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
    });
    await expect.poll(() => violations.read(page).then((found) => found.join('\n')), { timeout: 30_000 }).toMatch(/script-src/);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    await context.close();
  });

  it('sends a nonce-based CSP on pages, a deny-all CSP on API answers, no framing, and no-store when signed in', async () => {
    const login = await app.call('/login');
    const csp = directives(login.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toContain("'self'");
    expect(csp.get('script-src')!.some((value) => value.startsWith("'nonce-"))).toBe(true);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(login.headers.get('x-frame-options')).toBe('DENY');
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');
    expect(login.headers.get('strict-transport-security')).toBeNull(); // plain http here
    // a fresh nonce per answer
    const again = directives((await app.call('/login')).headers.get('content-security-policy'));
    expect(again.get('script-src')).not.toEqual(csp.get('script-src'));

    const api = await app.call('/api/v1/charge-points', { token: app.adminToken });
    expect(api.status).toBe(200);
    expect(directives(api.headers.get('content-security-policy')).get('default-src')).toEqual(["'none'"]);
    expect(directives(api.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(["'none'"]);
    expect(api.headers.get('cache-control')).toBe('no-store');
    const unknown = await app.call('/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NotFound' } });
    expect(unknown.headers.get('x-content-type-options')).toBe('nosniff');
    expect(unknown.headers.get('content-security-policy')).toContain("default-src 'none'");

    const session = await app.call('/api/v1/session', { method: 'POST', body: { username: 'test-admin', password: 'admin-password' } });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const overview = await app.call('/', { headers: { cookie } });
    expect(overview.status).toBe(200);
    expect(overview.headers.get('cache-control')).toBe('no-store');
    expect(overview.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('adds HSTS and Secure cookies when the app is served over https', async () => {
    const origin = 'https://csms.example.com';
    const https = await startWebApp({ env: { ORIGIN: origin } });
    try {
      const login = await https.call('/login');
      expect(login.headers.get('strict-transport-security')).toBe('max-age=31536000');
      const session = await https.call('/api/v1/session', {
        method: 'POST', body: { username: 'test-admin', password: 'admin-password' }, headers: { origin },
      });
      expect(session.status).toBe(201);
      expect(session.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
      expect(session.headers.get('strict-transport-security')).toBe('max-age=31536000');
      const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
      const language = await https.call('/language', {
        method: 'POST', body: 'lang=de&redirectTo=/', headers: { cookie, origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(language.status).toBe(303);
      expect(language.headers.get('set-cookie')).toMatch(/csms_lang=de;.*Secure/i);
    } finally {
      await https.stop();
    }
  });
});
