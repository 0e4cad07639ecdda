import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { launchBrowser, missingKeys, newContext, signIn } from '../testing/browser.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;

describe('the alerts page and API: an offline station and a faulted connector, each linked to its station', () => {
  let app: TestWebApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startWebApp({ env: { ALERT_OFFLINE_MINUTES: '30' } });
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    for (const id of ['alert-offline', 'alert-recent', 'alert-faulted', 'alert-fine']) await app.db.chargePoints.create(id, { name: `Station ${id}` });
    // offline for two hours, and one offline for a minute: under the 30-minute threshold
    const epoch = await app.db.chargePoints.markConnected('alert-offline', { nodeId: 'n1', protocol: 'ocpp1.6', at: hoursAgo(3) });
    await app.db.chargePoints.markDisconnected('alert-offline', epoch, hoursAgo(2));
    const recent = await app.db.chargePoints.markConnected('alert-recent', { nodeId: 'n1', protocol: 'ocpp1.6', at: hoursAgo(1) });
    await app.db.chargePoints.markDisconnected('alert-recent', recent, new Date(Date.now() - 60_000));
    for (const id of ['alert-faulted', 'alert-fine']) await app.db.chargePoints.markConnected(id, { nodeId: 'n1', protocol: 'ocpp1.6', at: hoursAgo(1) });
    await app.db.connectors.recordStatus({ chargePointId: 'alert-faulted', evseId: 1 }, { ocppStatus: 'Faulted', errorCode: 'GroundFailure', at: hoursAgo(1) });
    await app.db.connectors.recordStatus({ chargePointId: 'alert-fine', evseId: 1 }, { ocppStatus: 'Available', errorCode: 'NoError', at: hoursAgo(1) });
    // the account's language wins over the browser's
    for (const lang of ['en', 'de'] as const) await app.db.users.create({ username: `alerts-${lang}`, password: 'admin-password', role: 'admin', language: lang });
    browser = await launchBrowser();
  }, 600_000); // the first test file after a change of the app's sources builds it

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it.each(['en', 'de'] as const)('shows them in %s with the count in the header, and each links to its station', async (lang) => {
    const m = CATALOG[lang];
    const context = await newContext(browser, app.url, lang);
    try {
      const page = await context.newPage();
      await signIn(page, `alerts-${lang}`, 'admin-password');
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.getByTestId('alert-count').innerText()).toBe('2');
      await page.getByTestId('nav-alerts').click();
      await page.waitForURL((url) => url.pathname === '/admin/alerts');
      await expect.poll(() => page.locator('h1').innerText()).toBe(m.alerts.title);

      const offline = page.getByTestId('alerts-offlineStations');
      expect(await offline.locator('h2').innerText()).toContain(m.alerts.kinds.offlineStations);
      expect(await offline.getByTestId('alerts-offlineStations-total').innerText()).toBe('1');
      expect(await offline.getByRole('link', { name: 'Station alert-offline' }).getAttribute('href')).toBe('/charge-points/alert-offline');
      const faulted = page.getByTestId('alerts-faultedConnectors');
      expect(await faulted.locator('h2').innerText()).toContain(m.alerts.kinds.faultedConnectors);
      expect(await faulted.getByTestId('alert').innerText()).toContain('GroundFailure');
      for (const kind of ['longSessions', 'failedCommands', 'securityEvents'] as const) {
        expect(await page.getByTestId(`alerts-${kind}`).innerText()).toContain(m.alerts.none);
      }
      const body = await page.locator('main').innerText();
      expect([body.includes('alert-recent'), body.includes('alert-fine')]).toEqual([false, false]);
      expect(await missingKeys(page)).toEqual([]);

      await faulted.getByRole('link', { name: 'Station alert-faulted' }).click();
      await page.waitForURL((url) => url.pathname === '/charge-points/alert-faulted');
    } finally {
      await context.close();
    }
  });

  it('lists the same as JSON for admins only, one kind paged on request', async () => {
    const all = await app.call('/api/v1/alerts', { token: app.adminToken });
    expect(all.status).toBe(200);
    const body = (await all.json()) as { thresholds: { offlineMinutes: number }; sections: { kind: string; total: number; items: { chargePointId: string }[] }[] };
    expect(body.thresholds.offlineMinutes).toBe(30);
    expect(body.sections.map((s) => [s.kind, s.total, s.items.map((i) => i.chargePointId)])).toEqual([
      ['offlineStations', 1, ['alert-offline']],
      ['faultedConnectors', 1, ['alert-faulted']],
      ['longSessions', 0, []],
      ['failedCommands', 0, []],
      ['securityEvents', 0, []],
    ]);
    const one = await app.call('/api/v1/alerts?kind=faultedConnectors&offset=1', { token: app.adminToken });
    expect(await one.json()).toMatchObject({ sections: [{ kind: 'faultedConnectors', total: 1, offset: 1, items: [] }] });
    expect((await app.call('/api/v1/alerts?kind=everything', { token: app.adminToken })).status).toBe(400);
    expect((await app.call('/api/v1/alerts', { token: app.userToken })).status).toBe(403);
  });
});
