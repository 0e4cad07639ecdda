import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ChargePoint } from '@csms/simulators';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createCommandActivities } from '../../../workers/src/activities/command.activities.ts';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { launchBrowser, missingKeys, newContext, open, screenshot, signIn } from '../testing/browser.ts';
import { startGatewayProcess, type GatewayProcess } from '../testing/gateway-process.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;
const SECRET_KEY = 'k'.repeat(40);

describe('the management UI in a real browser: operator flow in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `ui-commands-${randomUUID()}`;
  let app: TestWebApp;
  let gateway: GatewayProcess;
  let browser: Browser;
  let worker: CsmsWorker | undefined;
  let running: Promise<void> | undefined;
  const stations = new Map<string, ChargePoint>();

  beforeAll(async () => {
    // the real path of a command: web app → chargePointCommand on the worker → the gateway node's activity → station
    app = await startWebApp({
      temporalAddress: address,
      temporalNamespace: namespace,
      env: { COMMAND_TASK_QUEUE: taskQueue, COMMAND_TIMEOUT_SECONDS: '20', UI_POLL_MS: '250', UI_TIME_ZONE: 'Europe/Berlin' },
    });
    worker = await createCsmsWorker({
      temporal: { address, namespace },
      taskQueue,
      checkDatabase: () => app.db.ping(),
      activities: createCommandActivities(app.db),
    });
    running = worker.run();
    gateway = await startGatewayProcess({ DATABASE_URL: app.db.url, CSMS_SECRET_KEY: SECRET_KEY, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace });
    for (const lang of ['en', 'de'] as const) {
      await app.db.users.create({ username: `admin-${lang}`, password: 'admin-password', role: 'admin', language: lang });
      await app.db.users.create({ username: `user-${lang}`, password: 'user-password', role: 'user', language: lang });
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const station of stations.values()) await station.close().catch(() => undefined);
    await browser?.close();
    await gateway?.stop();
    worker?.shutdown();
    await running;
    await app?.stop();
  });

  async function expectNoMissingKeys(page: Page): Promise<void> {
    expect(await missingKeys(page), page.url()).toEqual([]);
  }

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    const id = lang === 'en' ? 'station42' : 'station43';
    const tagId = `TAG-${lang.toUpperCase()}`;
    let page: Page;

    beforeAll(async () => {
      page = await (await newContext(browser, app.url, lang)).newPage();
    });

    it('signs in as admin, creates a station and a tag, watches the tile change live, opens the transaction and downloads it as CSV', async () => {
      await open(page, '/login');
      await expect.poll(() => page.locator('h1').innerText()).toBe(m.login.title); // from Accept-Language
      await signIn(page, `admin-${lang}`, 'admin-password');
      expect(await page.getByTestId('username').innerText()).toBe(`admin-${lang}`);
      expect(await page.getByTestId('role').innerText()).toBe(m.header.role.admin);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);

      // a new charge point with a generated Basic-auth password
      await open(page, '/admin/charge-points/new');
      await page.locator('#f-id').fill(id);
      await page.locator('#f-name').fill(`Garage ${lang}`);
      await page.getByRole('button', { name: m.cpAdmin.generate }).click();
      const password = await page.locator('#f-basicAuthPassword').inputValue();
      expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
      await page.getByRole('button', { name: m.common.create }).click();
      await page.waitForURL(`**/admin/charge-points/${id}?saved=1`);
      expect(await page.getByRole('status').first().innerText()).toBe(m.common.saved);
      expect(await page.content()).not.toContain(password); // never shown again
      await screenshot(page, `admin-charge-point-${lang}`);

      await open(page, '/admin/tags/new');
      await page.locator('#f-tagId').fill(tagId);
      await page.locator('#f-name').fill('Fleet card');
      await page.getByRole('button', { name: m.common.create }).click();
      await page.waitForURL(`**/admin/tags/${tagId}?saved=1`);

      // the overview follows the station live, without reloading
      await open(page, '/');
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
      const stationTile = page.locator(`[data-key="${id}/0"]`);
      await expect.poll(() => stationTile.getAttribute('data-state')).toBe('Available');
      expect(await stationTile.innerText()).toContain(m.status.offline);

      const station = new ChargePoint({
        url: gateway.endpoint, id, password, protocol: 'ocpp1.6', connectors: 1, reconnect: false, heartbeat: false, soc: 55,
        dataTransfer: ({ vendorId, data }) => (vendorId === 'com.example' ? { status: 'Accepted', data: `pong ${String(data)}` } : { status: 'UnknownVendorId' }),
      });
      stations.set(id, station);
      await station.connect();
      await station.boot();
      await station.statusNotification(1, 'Available');
      const tile = page.locator(`[data-key="${id}/1"]`);
      await expect.poll(() => tile.getAttribute('data-state'), { timeout: 15_000 }).toBe('Available');
      await expect.poll(() => tile.innerText()).toContain(m.status.online);
      expect(await tile.locator('.tile-name').innerText()).toBe(`Garage ${lang}`); // one unnamed connector: the station's name

      // the EV plugs in: the tile turns red before any transaction
      await station.plugIn(1);
      await expect.poll(() => tile.getAttribute('data-state'), { timeout: 15_000 }).toBe('Occupied');
      expect(await tile.getAttribute('class')).toContain('tile-red');

      // the station starts the transaction itself and reports power and SoC
      station.setPower(1, 7200);
      const started = await station.startTransaction(1, tagId);
      const transactionId = started.transactionId as number;
      expect(transactionId).toEqual(expect.any(Number));
      await station.sendMeterValues(1);
      station.advanceMeter(1, 600);
      station.setSoc(1, 55);
      await station.sendMeterValues(1);
      await expect.poll(() => tile.getAttribute('data-state'), { timeout: 15_000 }).toBe('Charging');
      expect(await tile.getAttribute('class')).toContain('tile-red');
      const duration = new RegExp(
        `^${m.overview.chargingFor.replace('{{duration}}', m.overview.duration.replace('{{hours}}', '0').replace('{{minutes}}', '[01]')).replace(/\./g, '\\.')}$`,
      );
      await expect.poll(() => tile.getByTestId('tile-duration').innerText()).toMatch(duration);
      await expect.poll(() => tile.getByTestId('tile-live').innerText()).toContain(lang === 'de' ? '7,2 kW' : '7.2 kW');
      expect(await tile.getByTestId('tile-live').innerText()).toContain('55 %');
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // still the same page
      await expectNoMissingKeys(page);
      await screenshot(page, `overview-${lang}`);

      // the tile opens the transactions; the CSV holds the transaction
      await tile.click();
      await page.waitForURL(`**/charge-points/${id}/1/transactions`);
      await expect.poll(() => page.getByTestId('transaction-row').count()).toBe(1);
      expect(await page.getByTestId('transaction-row').innerText()).toContain('Fleet card');
      await expectNoMissingKeys(page);
      await screenshot(page, `transactions-${lang}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv').click()]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.split('\r\n')[0]).toContain(lang === 'de' ? 'Transaktion;Ladestation' : 'Transaction,Charge point');
      expect(csv).toContain(`${transactionId}${lang === 'de' ? ';' : ','}${id}`);
      expect(csv).toContain(tagId);

      // the transaction page: its meter curve, and a remote stop through Temporal and the gateway to the station
      await page.getByRole('link', { name: String(transactionId), exact: true }).click();
      await page.waitForURL(`**/transactions/${transactionId}`);
      await expect.poll(() => page.locator('svg.chart path').count()).toBe(2);
      const stopped = new Promise<unknown>((done) => station.once('transactionStopped', done));
      // the answer in words: in the form while the transaction is active, beside the details once the stop is recorded
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/connectors/1/stop`)),
        page.getByTestId('remote-stop').getByRole('button').click(),
      ]);
      expect(response.status(), await response.text()).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'Accepted' });
      expect(response.request().postDataJSON()).toEqual({ transactionId }); // the transaction shown, not the oldest open one
      await stopped; // the station stopped on RemoteStopTransaction
      const answer = m.commands.answered.replace('{{status}}', m.commands.answer.Accepted);
      await expect
        .poll(async () => [await page.getByTestId('remote-stop-result').allInnerTexts(), await page.getByTestId('remote-stop-answer').allInnerTexts()].flat().join(''), { timeout: 15_000 })
        .toBe(answer);
      await expect.poll(async () => (await app.db.transactions.get(transactionId))?.status, { timeout: 15_000 }).toBe('Completed');
      await open(page, `/transactions/${transactionId}`);
      expect(await page.getByTestId('transaction-status').innerText()).toBe(m.transactions.txStatus.Completed);
      expect(await page.getByTestId('remote-stop').count()).toBe(0);
      await expectNoMissingKeys(page);
      await screenshot(page, `transaction-${lang}`);
      await open(page, '/');
      await expect.poll(() => tile.getAttribute('data-state'), { timeout: 15_000 }).toBe('Available');
      expect(await tile.getByTestId('tile-duration').count()).toBe(0);

      // DataTransfer from the station page: the station's status and data, in words
      await open(page, `/charge-points/${id}`);
      const form = page.getByTestId('data-transfer');
      await form.getByLabel(m.commands.dataTransferVendor).fill('com.example');
      await form.getByLabel(m.commands.dataTransferMessage).fill('Ping');
      await form.getByLabel(m.commands.dataTransferData).fill('{"n": 1}');
      await form.getByRole('button', { name: m.commands.dataTransferSend }).click();
      const pong = m.commands.answeredData.replace('{{status}}', m.commands.answer.Accepted).replace('{{data}}', 'pong {"n": 1}');
      await expect.poll(() => page.getByTestId('data-transfer-result').innerText(), { timeout: 15_000 }).toBe(pong);
      await form.getByLabel(m.commands.dataTransferVendor).fill('org.other');
      await form.getByRole('button', { name: m.commands.dataTransferSend }).click();
      const unknown = m.commands.answered.replace('{{status}}', m.commands.answer.UnknownVendorId);
      await expect.poll(() => page.getByTestId('data-transfer-result').innerText(), { timeout: 15_000 }).toBe(unknown);
      await expectNoMissingKeys(page);
    });

    it('runs a transaction that the station itself starts and stops', async () => {
      const station = stations.get(id);
      expect(station?.online, 'the station of the previous step is connected').toBe(true);
      const started = await station!.startTransaction(1, tagId);
      await open(page, '/');
      const tile = page.locator(`[data-key="${id}/1"]`);
      await expect.poll(() => tile.getAttribute('data-state'), { timeout: 15_000 }).toBe('Charging');
      await station!.stopTransaction(1);
      await expect.poll(async () => (await app.db.transactions.get(started.transactionId as number))?.status, { timeout: 15_000 }).toBe('Completed');
    });

    it('shows every page without untranslated keys, and the language switch changes every visible string', async () => {
      const other = lang === 'en' ? 'de' : 'en';
      const pages = ['/', `/charge-points/${id}`, '/reports/charge', '/admin', '/admin/charge-points', `/admin/charge-points/${id}`, '/admin/tags', '/admin/connectors', '/admin/users', '/admin/tokens', '/admin/diagnostics', '/admin/message-log'];
      for (const path of pages) {
        await open(page, path);
        await expectNoMissingKeys(page);
      }
      for (const [path, name] of [[`/charge-points/${id}`, 'charge-point'], ['/reports/charge', 'report'], ['/admin/tokens', 'tokens'], ['/admin/message-log', 'message-log'], ['/admin/diagnostics', 'diagnostics']] as const) {
        await open(page, path);
        await screenshot(page, `${name}-${lang}`);
      }
      // switch on the overview: every string of the other catalog, none of this one's
      await open(page, '/');
      await page.getByRole('button', { name: CATALOG[other].lang[other] }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(other);
      for (const path of ['/', '/reports/charge', '/admin/users']) {
        await open(page, path);
        const text = await page.locator('body').innerText();
        const own = [m.nav.overview, m.nav.report, m.header.logout, m.app.footer, m.nav.admin];
        for (const word of own) expect(text, `${path}: "${word}"`).not.toContain(word);
        for (const word of [CATALOG[other].nav.overview, CATALOG[other].header.logout, CATALOG[other].app.footer]) expect(text).toContain(word);
        await expectNoMissingKeys(page);
      }
      // the account remembers the choice; switch back for the next tests
      expect((await app.db.users.get(`admin-${lang}`))?.language).toBe(other);
      await page.getByRole('button', { name: m.lang[lang] }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
    });

    it('shows the errors of a form with bad input beside the fields, in the chosen language', async () => {
      await open(page, '/admin/charge-points/new');
      await page.locator('#f-id').fill('bad id/x');
      await page.locator('#f-basicAuthPassword').fill('short');
      await page.getByRole('button', { name: m.common.create }).click();
      await expect.poll(() => page.locator('#f-id-error').innerText()).toBe(m.errors.format.id);
      expect(await page.locator('#f-name-error').innerText()).toBe(m.errors.required);
      expect(await page.locator('#f-basicAuthPassword-error').innerText()).toBe(m.errors.tooShort.replace('{{min}}', '16'));
      expect(await page.locator('#f-id').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#f-id').getAttribute('aria-describedby')).toContain('f-id-error');
      await screenshot(page, `form-errors-${lang}`);
      // security profile 1 (preselected) without a password could never connect: said beside the password
      await page.locator('#f-id').fill('new-station');
      await page.locator('#f-name').fill('again');
      await page.getByRole('button', { name: m.common.create }).click();
      await expect.poll(() => page.locator('#f-basicAuthPassword-error').innerText()).toBe(m.errors.passwordForProfile);
      // an existing id is a conflict beside the id
      await page.locator('#f-id').fill(id);
      await page.locator('#f-name').fill('again');
      await page.getByRole('button', { name: m.cpAdmin.generate }).click();
      await page.getByRole('button', { name: m.common.create }).click();
      await expect.poll(() => page.locator('#f-id-error').innerText()).toBe(m.errors.exists);
    });

    it('refuses administration to a plain user and offers no commands', async () => {
      const userPage = await (await newContext(browser, app.url, lang)).newPage();
      await signIn(userPage, `user-${lang}`, 'user-password');
      expect(await userPage.getByTestId('role').innerText()).toBe(m.header.role.user);
      expect(await userPage.getByRole('link', { name: m.nav.admin, exact: true }).count()).toBe(0);
      for (const path of ['/admin', '/admin/users', '/admin/charge-points/new', '/admin/message-log']) {
        const response = await userPage.goto(path);
        expect(response?.status(), path).toBe(403);
        expect(await userPage.locator('h1').innerText()).toBe(m.page.forbidden);
      }
      await open(userPage, `/charge-points/${id}`);
      expect(await userPage.getByRole('heading', { name: m.chargePoint.commands }).count()).toBe(0);
      await userPage.context().close();
    });

    it('is usable on a phone', async () => {
      const phone = await (await newContext(browser, app.url, lang, { width: 390, height: 844 })).newPage();
      await signIn(phone, `admin-${lang}`, 'admin-password');
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await screenshot(phone, `overview-phone-${lang}`);
      await phone.context().close();
    });
  });
});
