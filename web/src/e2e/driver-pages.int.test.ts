import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pricing } from '@csms/db';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { launchBrowser, missingKeys, newContext, open, screenshot } from '../testing/browser.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;
const nb = (text: string) => text.replace(/\u00a0/g, ' ');

/** 0.395 per kWh, 30 kWh at most, 1.50 per session, 0.10 per minute after 60 free minutes for at most 120: hold 25.35. */
const PRICING: Partial<Pricing> = {
  currency: 'EUR',
  pricePerMwhMinor: 39_500,
  maxEnergyWh: 30_000,
  sessionFeeMinor: 150,
  usageFeePerMinuteMinor: 10,
  freeMinutes: 60,
  maxBillableMinutes: 120,
  usageFeeFrom: 'sessionStart',
};

/** What the connector page says, per language (the catalogs' messages with the values of {@link PRICING}). */
const WORDS = {
  en: {
    price: [
      '€0.395 per kWh',
      '€0.10 per minute of the session after the first 60 minutes',
      'The minute fee is at most €12.00 (120 minutes).',
      '€1.50 per session',
      'Nothing is charged for a session with less than 1 kWh.',
    ],
    hold: ['At most 30 kWh per session: charging stops there.', 'Before charging, €25.35 is held on your card. You pay only for what you use; the rest of the hold is released.'],
  },
  de: {
    price: [
      '0,395 € pro kWh',
      '0,10 € pro Minute des Ladevorgangs nach den ersten 60 Minuten',
      'Die Minutengebühr beträgt höchstens 12,00 € (120 Minuten).',
      '1,50 € pro Ladevorgang',
      'Für einen Ladevorgang mit weniger als 1 kWh wird nichts berechnet.',
    ],
    hold: [
      'Höchstens 30 kWh pro Ladevorgang: dann endet das Laden.',
      'Vor dem Laden werden 25,35 € auf Ihrer Karte reserviert. Sie zahlen nur, was Sie laden; der Rest der Reservierung wird freigegeben.',
    ],
  },
} as const;

async function station(app: TestWebApp, id: string, options: { pricing?: Partial<Pricing>; online?: boolean; status?: string; name?: string }) {
  await app.db.chargePoints.create(id, { name: options.name ?? `Station ${id}`, pricing: options.pricing ?? PRICING });
  if (options.online !== false) await app.db.chargePoints.markConnected(id, { nodeId: 'node-test', protocol: 'ocpp1.6', at: new Date() });
  await app.db.connectors.recordStatus({ chargePointId: id, evseId: 1 }, { ocppStatus: options.status ?? 'Available', at: new Date() });
}

describe('the drivers’ connector page in a real browser, in English and German', () => {
  let app: TestWebApp;
  let off: TestWebApp;
  let browser: Browser;

  beforeAll(async () => {
    // payments on, but no Temporal: "Pay and charge" reaches the point where the workflow service must answer
    app = await startWebApp({ env: { STRIPE_SECRET_KEY: 'sk_test_driver_pages', PUBLIC_BASE_URL: 'https://charge.example.com', UI_TIME_ZONE: 'Europe/Berlin' } });
    off = await startWebApp({ env: { PUBLIC_BASE_URL: 'https://charge.example.com' } });
    await station(app, 'garage', { name: 'Garage Nord' });
    await app.db.connectors.rename({ chargePointId: 'garage', evseId: 1 }, 'Left bay');
    await app.db.connectors.recordStatus({ chargePointId: 'garage', evseId: 2 }, { ocppStatus: 'Preparing', at: new Date() });
    await station(app, 'offline', { online: false });
    await station(app, 'busy', { status: 'Charging' });
    await station(app, 'faulted', { status: 'Faulted' });
    await station(app, 'unavailable', { status: 'Unavailable' });
    await station(app, 'free', { pricing: { ...PRICING, freeCharging: true } });
    await station(app, 'noprice', { pricing: { ...PRICING, maxEnergyWh: null } });
    await station(app, 'live', {});
    await station(off, 'garage', { name: 'Garage Nord' });
    browser = await launchBrowser();
  }, 600_000); // the first test file after a change of the app's sources builds it

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await off?.stop();
  });

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    let page: Page;

    beforeAll(async () => {
      page = await (await newContext(browser, app.url, lang)).newPage();
    });

    it('shows station, connector, live status, the price in words, the maximum energy and the hold, and "Pay and charge" — without signing in', async () => {
      const response = await page.goto('/charge/garage/1');
      expect(response?.status()).toBe(200);
      expect(response?.headers()['cache-control']).toBe('no-store');
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      expect(await page.locator('h1').innerText()).toBe(m.driver.title.replace('{{station}}', 'Garage Nord'));
      expect(await page.locator('.driver-connector').innerText()).toBe('Left bay');
      expect(await page.getByTestId('driver-status').innerText()).toContain(m.status.Available);
      expect((await page.getByTestId('price-list').locator('li').allInnerTexts()).map(nb)).toEqual(WORDS[lang].price);
      expect((await page.getByTestId('hold').locator('li').allInnerTexts()).map(nb)).toEqual(WORDS[lang].hold);
      expect(await page.getByTestId('pay').innerText()).toBe(m.driver.pay);
      expect(await page.getByTestId('unavailable').count()).toBe(0);
      expect(await page.getByTestId('username').count()).toBe(0); // nobody is signed in
      expect(await missingKeys(page)).toEqual([]);
      await screenshot(page, `driver-connector-${lang}`);
    });

    it('says "cable plugged in" and still offers payment when the connector is Preparing', async () => {
      await open(page, '/charge/garage/2');
      expect(await page.locator('.driver-connector').innerText()).toBe(m.driver.connector.replace('{{number}}', '2'));
      expect(await page.getByTestId('driver-status').innerText()).toContain(m.driver.pluggedIn);
      expect(await page.getByTestId('pay').count()).toBe(1);
    });

    it('says in words when the payment cannot be started, and holds nothing', async () => {
      await open(page, '/charge/garage/1');
      // the form's answer waits for the server's attempt to reach Temporal: generous on a loaded box
      await page.getByTestId('pay').click({ timeout: 150_000 });
      await expect.poll(() => page.getByTestId('start-error').innerText(), { timeout: 150_000 }).toBe(m.driver.tryLater);
      expect(page.url()).toMatch(/\/charge\/garage\/1$/);
      expect(await app.db.payments.activeOn('garage', 1)).toBeNull();
      expect(await page.getByTestId('pay').isEnabled()).toBe(true); // the driver may try again
    }, 330_000);

    for (const [id, reason, priceShown] of [
      ['offline', 'stationOffline', true],
      ['busy', 'connectorBusy', true],
      ['faulted', 'connectorFaulted', true],
      ['unavailable', 'connectorUnavailable', true],
      ['free', 'freeCharging', false],
      ['noprice', 'pricingMissing', false],
    ] as const) {
      it(`says "${reason}" in words and offers nothing that would fail later`, async () => {
        await open(page, `/charge/${id}/1`);
        expect(await page.getByTestId('unavailable').getAttribute('data-reason')).toBe(reason);
        expect(await page.getByTestId('unavailable').innerText()).toBe(m.driver.unavailable[reason]);
        expect(await page.getByTestId('pay').count()).toBe(0);
        expect(await page.locator('main form').count()).toBe(0);
        expect(await page.getByTestId('price-list').count()).toBe(priceShown ? 1 : 0);
        expect(await missingKeys(page)).toEqual([]);
        if (id === 'offline') {
          expect(await page.getByTestId('driver-status').innerText()).toContain(m.status.offline);
          await screenshot(page, `driver-offline-${lang}`);
        }
      });
    }

    it('says that payments are off when the system has no Stripe key', async () => {
      const offPage = await (await newContext(browser, off.url, lang)).newPage();
      await open(offPage, '/charge/garage/1');
      expect(await offPage.getByTestId('unavailable').innerText()).toBe(m.driver.unavailable.paymentsOff);
      expect(await offPage.getByTestId('pay').count()).toBe(0);
      await offPage.context().close();
    });

    it('follows the connector’s status live, without a reload', async () => {
      await open(page, '/charge/live/1');
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
      expect(await page.getByTestId('pay').count()).toBe(1);
      await app.db.connectors.recordStatus({ chargePointId: 'live', evseId: 1 }, { ocppStatus: 'Faulted', at: new Date() });
      await expect.poll(() => page.getByTestId('unavailable').getAttribute('data-reason'), { timeout: 30_000 }).toBe('connectorFaulted');
      expect(await page.getByTestId('pay').count()).toBe(0);
      await app.db.connectors.recordStatus({ chargePointId: 'live', evseId: 1 }, { ocppStatus: 'Available', at: new Date() });
      await expect.poll(() => page.getByTestId('pay').count(), { timeout: 30_000 }).toBe(1);
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    });

    it('reveals nothing for unknown stations, connectors and sessions: a plain 404', async () => {
      for (const path of ['/charge/nowhere/1', '/charge/garage/9', '/charge/garage/0', '/charge/garage/x', '/charge/session/AAAAAAAAAAAAAAAAAAAAAA', '/charge/session/short']) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(404);
        expect(await page.locator('h1').innerText(), path).toBe(m.page.notFound);
      }
    });

    it('is usable on a phone', async () => {
      const phone = await (await newContext(browser, app.url, lang, { width: 390, height: 844 })).newPage();
      await open(phone, '/charge/garage/1');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const pay = await phone.getByTestId('pay').boundingBox();
      expect(pay!.width).toBeGreaterThan(300); // a large target across the screen
      await screenshot(phone, `driver-connector-phone-${lang}`);
      await phone.context().close();
    });
  });

  it('switches language on the public page too', async () => {
    const page = await (await newContext(browser, app.url, 'de')).newPage();
    await open(page, '/charge/garage/1');
    expect(await page.getByTestId('pay').innerText()).toBe(de.driver.pay);
    await page.getByRole('button', { name: en.lang.en }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(page.url()).toMatch(/\/charge\/garage\/1$/);
    expect(await page.getByTestId('pay').innerText()).toBe(en.driver.pay);
    await page.context().close();
  });
});
