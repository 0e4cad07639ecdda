import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { launchBrowser, missingKeys, newContext, open, screenshot, signIn } from '../testing/browser.ts';
import { decodeQrSvg } from '../testing/qr-decode.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;
const PUBLIC = 'https://charge.example.com';

describe('the QR sheet of a station in a real browser, in English and German', () => {
  let app: TestWebApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startWebApp({ env: { PUBLIC_BASE_URL: `${PUBLIC}/` } });
    for (const lang of ['en', 'de'] as const) {
      await app.db.users.create({ username: `admin-${lang}`, password: 'admin-password', role: 'admin', language: lang });
      await app.db.users.create({ username: `user-${lang}`, password: 'user-password', role: 'user', language: lang });
      const id = `qr-${lang}`;
      await app.db.chargePoints.create(id, { name: `Car park ${lang}` });
      const at = new Date();
      for (const evseId of [1, 2]) await app.db.connectors.recordStatus({ chargePointId: id, evseId }, { ocppStatus: 'Available', at });
      await app.db.connectors.rename({ chargePointId: id, evseId: 2 }, 'Left bay');
    }
    await app.db.chargePoints.create('qr-bare', { name: 'Not reported yet' });
    browser = await launchBrowser();
  }, 600_000); // the first test file after a change of the app's sources builds it

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    const id = `qr-${lang}`;
    let page: Page;

    beforeAll(async () => {
      page = await (await newContext(browser, app.url, lang)).newPage();
      await signIn(page, `admin-${lang}`, 'admin-password');
    });

    it('has one code per connector that scans to the connector’s public page under PUBLIC_BASE_URL', async () => {
      await open(page, `/admin/charge-points/${id}`);
      await page.getByTestId('qr-link').click();
      await page.waitForURL(`**/admin/charge-points/${id}/qr`);
      expect(await page.locator('h1').innerText()).toBe(m.qr.title.replace('{{name}}', `Car park ${lang}`));
      const cards = page.getByTestId('qr-card');
      expect(await cards.count()).toBe(2);
      for (const [n, label] of [[1, m.qr.connector.replace('{{number}}', '1')], [2, 'Left bay']] as const) {
        const card = page.locator(`[data-testid="qr-card"][data-connector="${n}"]`);
        const url = `${PUBLIC}/charge/${id}/${n}`;
        expect(await card.innerText()).toContain(label);
        expect(await card.locator('.qr-url').innerText()).toBe(url);
        expect(await decodeQrSvg(card.locator('svg.qr'))).toBe(url);
        expect(await card.locator('svg.qr').getAttribute('aria-label')).toBe(m.qr.codeOf.replace('{{url}}', url));
      }
      expect(await page.getByTestId('base-url-missing').count()).toBe(0);
      expect(await missingKeys(page)).toEqual([]);
      await screenshot(page, `qr-sheet-${lang}`);
    });

    it('offers each code as an SVG file to download', async () => {
      await open(page, `/admin/charge-points/${id}/qr`);
      const href = await page.locator('[data-testid="qr-card"][data-connector="2"] a[download]').getAttribute('href');
      const response = await page.request.get(href!);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(response.headers()['content-disposition']).toBe(`attachment; filename="${id}-2.svg"`);
      const svg = await response.text();
      const onPage = await page.locator('[data-testid="qr-card"][data-connector="2"] svg.qr path').getAttribute('d');
      expect(svg).toContain(`d="${onPage}"`);
    });

    it('prints only the codes: no header, navigation or buttons on paper', async () => {
      await open(page, `/admin/charge-points/${id}/qr`);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header.header').isVisible()).toBe(false);
      expect(await page.locator('nav.subnav').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: m.qr.print }).isVisible()).toBe(false);
      expect(await page.locator('[data-testid="qr-card"] a[download]').first().isVisible()).toBe(false);
      expect(await page.getByTestId('qr-card').first().isVisible()).toBe(true);
      expect(await page.locator('[data-testid="qr-card"] .qr-url').first().isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
    });

    it('shows connector 1 for a station that has not reported connectors yet', async () => {
      await open(page, '/admin/charge-points/qr-bare/qr');
      expect(await page.getByTestId('qr-card').count()).toBe(1);
      expect(await decodeQrSvg(page.locator('svg.qr'))).toBe(`${PUBLIC}/charge/qr-bare/1`);
      expect(await page.locator('main').innerText()).toContain(m.qr.noConnectors);
    });

    it('is for administrators only', async () => {
      const userPage = await (await newContext(browser, app.url, lang)).newPage();
      await signIn(userPage, `user-${lang}`, 'user-password');
      expect((await userPage.goto(`/admin/charge-points/${id}/qr`))?.status()).toBe(403);
      expect((await userPage.request.get(`/admin/charge-points/${id}/qr/1.svg`)).status()).toBe(403);
      await userPage.context().close();
      const anonymous = await (await newContext(browser, app.url, lang)).newPage();
      const response = await anonymous.request.get(`/admin/charge-points/${id}/qr/1.svg`, { maxRedirects: 0 });
      expect(response.status()).toBe(303);
      // the authorization hook sends a signed-out browser to sign-in with the way back to the download
      expect(response.headers().location).toBe(`/login?redirectTo=${encodeURIComponent(`/admin/charge-points/${id}/qr/1.svg`)}`);
      await anonymous.context().close();
    });
  });

  it('says so when PUBLIC_BASE_URL is not set, and uses the address the sheet was opened with', async () => {
    const bare = await startWebApp();
    try {
      await bare.db.users.create({ username: 'admin', password: 'admin-password', role: 'admin', language: 'en' });
      await bare.db.chargePoints.create('cp1', { name: 'One' });
      const page = await (await newContext(browser, bare.url, 'en')).newPage();
      await signIn(page, 'admin', 'admin-password');
      await open(page, '/admin/charge-points/cp1/qr');
      // without ORIGIN, adapter-node takes the host from the request and assumes https: the notice shows what the codes hold
      const guessed = bare.url.replace(/^http:/, 'https:');
      expect(await page.getByTestId('base-url-missing').innerText()).toBe(en.qr.baseUrlMissing.replace('{{url}}', guessed));
      expect(await decodeQrSvg(page.locator('svg.qr'))).toBe(`${guessed}/charge/cp1/1`);
      await page.context().close();
    } finally {
      await bare.stop();
    }
  }, 240_000);
});
