import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPaymentsSecret, webPaymentsTotp, type Pricing } from '@csms/db';
import { WEB_PAYMENTS_TOTP_DIGITS, WEB_PAYMENTS_VALIDITY_SECONDS } from '@csms/temporal';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { launchBrowser, missingKeys, newContext } from '../testing/browser.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;
const SERVER_KEY = 'dynamic-qr-test-server-key-0123456789abcdef';
const TOTP = { validitySeconds: WEB_PAYMENTS_VALIDITY_SECONDS, digits: WEB_PAYMENTS_TOTP_DIGITS };
const PRICING: Partial<Pricing> = { currency: 'EUR', pricePerMwhMinor: 300_000, maxEnergyWh: 20_000, sessionFeeMinor: 100 };

/** The code the station's screen shows now, computed as a station does from the secret the CSMS set. */
function stationCode(chargePointId: string, atMs = Date.now()): string {
  return webPaymentsTotp(webPaymentsSecret({ bytes: Buffer.from(SERVER_KEY, 'utf8'), source: 'env' }, chargePointId), atMs, TOTP);
}

describe('a dynamic QR code (OCPP 2.1 C25) opened in a real browser, in English and German', () => {
  let app: TestWebApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startWebApp({ env: { STRIPE_SECRET_KEY: 'sk_test_dynamic_qr', PUBLIC_BASE_URL: 'https://charge.example.com', CSMS_SECRET_KEY: SERVER_KEY } });
    await app.db.chargePoints.create('display21', { name: 'Display Station', pricing: PRICING });
    await app.db.chargePoints.markConnected('display21', { nodeId: 'node-test', protocol: 'ocpp2.1', at: new Date() });
    await app.db.connectors.recordStatus({ chargePointId: 'display21', evseId: 1 }, { ocppStatus: 'Available', at: new Date() });
    browser = await launchBrowser();
  }, 600_000); // the first test file after a change of the app's sources builds it

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    let page: Page;

    beforeAll(async () => {
      page = await (await newContext(browser, app.url, lang)).newPage();
    });

    it('a valid code leads to the connector’s price page with "Pay and charge"', async () => {
      const response = await page.goto(`/pay/display21/1/${stationCode('display21')}`);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/charge/display21/1');
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      expect(await page.getByTestId('pay').innerText()).toBe(m.driver.pay);
      expect(await missingKeys(page)).toEqual([]);
    });

    it('refuses an expired code, another station’s code and a forged one in words, and offers no payment', async () => {
      const expired = stationCode('display21', Date.now() - 3 * WEB_PAYMENTS_VALIDITY_SECONDS * 1000);
      const otherStation = stationCode('another-station');
      const current = stationCode('display21');
      const forged = current === '00000000' ? '11111111' : '00000000';
      for (const code of [expired, otherStation, forged].filter((c) => c !== current)) {
        const response = await page.goto(`/pay/display21/1/${code}`);
        expect(response?.status()).toBe(200);
        expect(new URL(page.url()).pathname).toBe(`/pay/display21/1/${code}`);
        expect(await page.getByTestId('code-refused').getAttribute('data-verdict')).toBe('invalid');
        expect(await page.getByTestId('code-refused').innerText()).toBe(m.driver.qrCode.invalid);
        expect(await page.getByTestId('pay').count()).toBe(0);
      }
      await page.goto('/pay/display21/1/not-a-code');
      expect(await page.getByTestId('code-refused').innerText()).toBe(m.driver.qrCode.malformed);
      expect(await missingKeys(page)).toEqual([]);
    });
  });
});
