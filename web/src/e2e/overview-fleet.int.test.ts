import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { launchBrowser, missingKeys, newContext, open, screenshot, signIn } from '../testing/browser.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;
const STATIONS = 10_000;
/** Faulted connectors of the seed: station number and connector. */
const FAULTED = [[9001, 2], [123, 1], [7777, 2]] as const;
const TAG = 'FLEET-TAG-42';
const MAX_PAGE_BYTES = 300 * 1024;

const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((out, [key, value]) => out.replaceAll(`{{${key}}}`, String(value)), text);

/** What an EventSource opened inside the page received: event name and data. */
type Received = { type: string; data: string }[];

describe('the overview of a 10,000-station fleet in a real browser, in English and German', () => {
  let app: TestWebApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startWebApp();
    const seeding = performance.now();
    const at = new Date();
    // 10,000 stations and 20,000 connectors as multi-row statements (the fleet import's and the gateway's own writes)
    const stations: (string | boolean | null)[][] = [];
    for (let i = 1; i <= STATIONS; i++) stations.push([`LD-${i}`, `load ${i}`, i % 3 !== 0, ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'][i % 3]!, i % 3 !== 0 ? `gw-${i % 2 ? 'a' : 'b'}` : null]);
    await app.db.bulk.upsertFleet({
      table: 'charge_point',
      key: 'id',
      columns: [
        { column: 'name', type: 'text', onNull: 'set' },
        { column: 'online', type: 'boolean', onNull: 'set' },
        { column: 'protocol', type: 'text', onNull: 'set' },
        { column: 'node_id', type: 'text', onNull: 'set' },
      ],
      inserts: stations,
      updates: [],
      at,
      restore: false,
    });
    const faulted = new Set(FAULTED.map(([n, c]) => `LD-${n}/${c}`));
    const connectors = [];
    for (let i = 1; i <= STATIONS; i++) {
      for (const evseId of [1, 2]) {
        const ocppStatus = faulted.has(`LD-${i}/${evseId}`) ? 'Faulted' : 'Available';
        connectors.push({ chargePointId: `LD-${i}`, evseId, connectorId: 1, ocppStatus, errorCode: null, info: null, at });
      }
    }
    await app.db.bulk.recordConnectorStatuses(connectors);
    console.log(`seeded ${STATIONS} stations and ${connectors.length} connectors in ${Math.round(performance.now() - seeding)} ms`);
    await app.db.transactions.start({ chargePointId: 'LD-42', evseId: 1, startKey: 'k42', startTag: TAG, startedAt: at, meterStartWh: 0 });
    for (const lang of ['en', 'de'] as const) {
      await app.db.users.create({ username: `ops-${lang}`, password: 'ops-password', role: 'user', language: lang });
    }
    browser = await launchBrowser();
  }, 600_000); // the first test file after a change of the app's sources builds it

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    const number = (n: number) => n.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB');
    let page: Page;

    beforeAll(async () => {
      page = await (await newContext(browser, app.url, lang)).newPage();
      await signIn(page, `ops-${lang}`, 'ops-password');
    });

    it('opens with the counts and one page of tiles in natural order, well under 300 KB', async () => {
      const response = await page.goto('/');
      const html = await response!.text();
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      const paint = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return { responseEnd: Math.round(nav.responseEnd), firstContentfulPaint: Math.round(fcp?.startTime ?? -1) };
      });
      // reported, not asserted: a duration depends on the box
      console.log(`overview (${lang}) at ${STATIONS} stations: ${html.length} bytes of HTML, ${JSON.stringify(paint)} ms`);
      expect(Buffer.byteLength(html)).toBeLessThan(MAX_PAGE_BYTES);

      const count = (name: string) => page.getByTestId(`count-${name}`).getByTestId('count-value').innerText();
      expect(await count('online')).toBe(number(6667));
      expect(await count('offline')).toBe(number(3333));
      expect(await count('faulted')).toBe(String(FAULTED.length));
      expect(await count('charging')).toBe('1');
      expect(await count('available')).toBe(number(2 * STATIONS - FAULTED.length - 1));
      expect(await page.getByTestId('count-faulted').innerText()).toContain(m.status.Faulted);
      expect(await page.getByTestId('overview-range').first().innerText()).toContain(
        fill(m.overview.range, { from: 1, to: 60, total: number(2 * STATIONS) }),
      );

      const names = await page.locator('[data-testid="tile"] .tile-name').allInnerTexts();
      const expected = Array.from({ length: 30 }, (_, i) => [`load ${i + 1}:1`, `load ${i + 1}:2`]).flat();
      expect(names).toEqual(expected); // "load 2" before "load 10"
      expect(await missingKeys(page)).toEqual([]);
      await screenshot(page, `overview-fleet-${lang}`);
    });

    it('finds a faulted station: the count filters, the station is listed, its link opens it', async () => {
      await open(page, '/');
      await page.getByTestId('count-faulted').click();
      await page.waitForURL((url) => url.search === '?state=faulted');
      await expect.poll(() => page.getByTestId('tile').count()).toBe(FAULTED.length);
      expect(await page.locator('[data-testid="tile"] .tile-name').allInnerTexts()).toEqual(['load 123:1', 'load 7777:2', 'load 9001:2']);
      expect(await page.getByTestId('tile-state').allInnerTexts()).toEqual(Array(FAULTED.length).fill(m.status.Faulted));
      expect(await page.getByTestId('count-faulted').getAttribute('aria-current')).toBe('true');
      const link = page.getByTestId('tile-station').nth(1);
      expect(await link.innerText()).toBe(fill(m.overview.station, { id: 'LD-7777' }));
      await link.click();
      await page.waitForURL('**/charge-points/LD-7777');
      expect(await page.locator('h1').innerText()).toContain('load 7777');
    });

    it('searches by the tag of an open session and by name, and combines filters in the URL', async () => {
      await open(page, '/');
      await page.locator('#ov-q').fill(TAG.toLowerCase());
      await page.getByRole('button', { name: m.overview.apply }).click();
      await page.waitForURL((url) => url.search === `?q=${TAG.toLowerCase()}`); // the form's empty fields left out
      await expect.poll(() => page.locator('[data-testid="tile"]').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-key')))).toEqual(['LD-42/1']);
      expect(await page.getByTestId('tile-state').innerText()).toBe(m.status.Charging);

      await open(page, '/?q=load+99&protocol=2.1&conn=online&page=2');
      // load 99, 990-999, 9900-9999; OCPP 2.1 are the numbers ≡ 2 (mod 3), all online: 36 stations, 72 tiles, two pages
      const keys = await page.locator('[data-testid="tile"]').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-key')));
      expect(keys).toEqual([9983, 9986, 9989, 9992, 9995, 9998].flatMap((n) => [`LD-${n}/1`, `LD-${n}/2`]));
      expect(await page.locator('#ov-protocol').inputValue()).toBe('2.1');
      expect(await page.getByTestId('overview-range').first().innerText()).toBe(
        `${fill(m.overview.range, { from: 61, to: 72, total: 72 })} · ${fill(m.overview.pageOf, { page: 2, pages: 2 })}`,
      );
      await page.getByTestId('page-first').first().click();
      await page.waitForURL((url) => !url.searchParams.has('page'));
      await expect.poll(() => page.locator('[data-testid="tile"]').first().getAttribute('data-key')).toBe('LD-992/1');
      expect(new URL(page.url()).searchParams.get('q')).toBe('load 99');

      await open(page, '/?state=purple&page=x');
      expect(await page.getByTestId('overview-ignored').innerText()).toBe(fill(m.overview.ignored, { names: 'page, state' }));
    });

    it('sends a live status change of a shown tile as a delta, and the counts', async () => {
      const id = lang === 'en' ? 'LD-1' : 'LD-2';
      await open(page, '/');
      const tile = page.locator(`[data-key="${id}/1"]`);
      expect(await tile.getAttribute('data-state')).toBe('Available');
      // a second stream of the same view, to read what the server sends
      await page.evaluate(() => {
        const received: Received = [];
        (window as unknown as { received: Received }).received = received;
        const source = new EventSource('/events/overview');
        for (const type of ['page', 'tiles', 'counts']) source.addEventListener(type, (e) => received.push({ type, data: (e as MessageEvent<string>).data }));
      });
      const received = () => page.evaluate(() => (window as unknown as { received: Received }).received);
      await expect.poll(async () => (await received()).map((e) => e.type), { timeout: 30_000 }).toEqual(['page', 'counts']);
      const first = (await received())[0]!;
      expect(JSON.parse(first.data).tiles).toHaveLength(60); // the page, never the fleet

      await app.db.connectors.recordStatus({ chargePointId: id, evseId: 1 }, { ocppStatus: 'Faulted', at: new Date() });
      await expect.poll(() => tile.getAttribute('data-state'), { timeout: 30_000 }).toBe('Faulted');
      await expect.poll(() => page.getByTestId('count-faulted').getByTestId('count-value').innerText(), { timeout: 30_000 }).toBe(String(FAULTED.length + 1));
      await expect.poll(async () => (await received()).map((e) => e.type), { timeout: 30_000 }).toEqual(['page', 'counts', 'tiles', 'counts']);
      const delta = JSON.parse((await received())[2]!.data) as { key: string; state: string }[];
      expect(delta.map((t) => [t.key, t.state])).toEqual([[`${id}/1`, 'Faulted']]);
      expect(await page.getByTestId('live-state').getAttribute('data-connected')).toBe('true');

      await app.db.connectors.recordStatus({ chargePointId: id, evseId: 1 }, { ocppStatus: 'Available', at: new Date() });
      await expect.poll(() => tile.getAttribute('data-state'), { timeout: 30_000 }).toBe('Available');
      await expect.poll(() => page.getByTestId('count-faulted').getByTestId('count-value').innerText(), { timeout: 30_000 }).toBe(String(FAULTED.length));
    });
  });

  it('works without JavaScript: the counts, the filter form and the pager are plain links and a GET form', async () => {
    const context = await browser.newContext({ baseURL: app.url, locale: 'en-GB', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/login');
    await page.locator('#username').fill('ops-en');
    await page.locator('#password').fill('ops-password');
    await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.locator('main form button[type=submit]').click()]);
    await page.getByTestId('page-next').first().click();
    await page.waitForURL((url) => url.search === '?page=2');
    expect(await page.locator('[data-testid="tile"] .tile-name').first().innerText()).toBe('load 31:1');
    await page.locator('#ov-state').selectOption('faulted');
    await page.locator('#ov-q').fill('load 9');
    await Promise.all([page.waitForURL((url) => url.search === '?q=load+9&state=faulted'), page.getByRole('button', { name: en.overview.apply }).click()]);
    expect(await page.locator('[data-testid="tile"]').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-key')))).toEqual(['LD-9001/2']);
    await context.close();
  });
});
