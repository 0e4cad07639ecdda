import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ChargePoint } from '@csms/simulators';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createCommandActivities } from '../../../workers/src/activities/command.activities.ts';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { launchBrowser, missingKeys, newContext, open, signIn } from '../testing/browser.ts';
import { startGatewayProcess, type GatewayProcess } from '../testing/gateway-process.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;

describe('reservations on the station page and the tile, in a real browser, in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `ui-reservations-${randomUUID()}`;
  let app: TestWebApp;
  let gateway: GatewayProcess;
  let browser: Browser;
  let worker: CsmsWorker | undefined;
  let running: Promise<void> | undefined;
  const stations: ChargePoint[] = [];

  beforeAll(async () => {
    app = await startWebApp({ temporalAddress: address, temporalNamespace: namespace, env: { COMMAND_TASK_QUEUE: taskQueue, COMMAND_TIMEOUT_SECONDS: '20', UI_POLL_MS: '250' } });
    worker = await createCsmsWorker({ temporal: { address, namespace }, taskQueue, checkDatabase: () => app.db.ping(), activities: createCommandActivities(app.db) });
    running = worker.run();
    gateway = await startGatewayProcess({ DATABASE_URL: app.db.url, CSMS_SECRET_KEY: 'k'.repeat(40), TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace });
    for (const lang of ['en', 'de'] as const) {
      await app.db.users.create({ username: `res-${lang}`, password: 'admin-password', role: 'admin', language: lang });
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const station of stations) await station.close().catch(() => undefined);
    await browser?.close();
    await gateway?.stop();
    worker?.shutdown();
    await running;
    await app?.stop();
  });

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    const id = `res-station-${lang}`;
    const tagId = `RES-${lang.toUpperCase()}`;
    let page: Page;
    let station: ChargePoint;

    beforeAll(async () => {
      const created = await app.call('/api/v1/charge-points', { method: 'POST', token: app.adminToken, body: { id, name: id } });
      expect(created.status).toBe(201);
      const { generatedPassword } = (await created.json()) as { generatedPassword: string };
      await app.db.chargeTags.create(tagId, { name: `Card ${lang}` });
      station = new ChargePoint({ url: gateway.endpoint, id, password: generatedPassword, protocol: 'ocpp1.6', connectors: 1, reconnect: false, heartbeat: false });
      stations.push(station);
      await station.powerUp();
      page = await (await newContext(browser, app.url, lang)).newPage();
      await signIn(page, `res-${lang}`, 'admin-password');
    });

    it('reserves a connector, shows it Reserved in words on the page and the tile, and cancels it', async () => {
      await open(page, `/charge-points/${id}`);
      const form = page.getByTestId('reserve');
      await form.getByLabel(m.reservations.tag, { exact: true }).selectOption(tagId);
      await form.getByLabel(m.reservations.minutes, { exact: true }).fill('45');
      await form.getByRole('button', { name: m.reservations.reserve }).click();
      const accepted = m.commands.answered.replace('{{status}}', m.commands.answer.Accepted);
      await expect.poll(() => page.getByTestId('reserve-result').innerText(), { timeout: 15_000 }).toBe(accepted);
      const [reservation] = await app.db.reservations.list(id);
      expect(reservation).toMatchObject({ connectorId: 1, idTag: tagId, status: 'Reserved' });
      const status = page.getByTestId(`reservation-${reservation!.id}-status`);
      await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe(m.reservations.status.Reserved);
      expect(station.connector(1).status).toBe('Reserved');
      expect(await missingKeys(page)).toEqual([]);

      await open(page, '/');
      const tile = page.locator(`[data-key="${id}/1"]`);
      await expect.poll(() => tile.getByTestId('tile-state').innerText(), { timeout: 15_000 }).toBe(m.status.Reserved);

      await open(page, `/charge-points/${id}`);
      await page.getByTestId(`cancel-reservation-${reservation!.id}`).getByRole('button', { name: m.reservations.cancel }).click();
      await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe(m.reservations.status.Cancelled);
      await expect.poll(() => station.connector(1).status).toBe('Available');
      await open(page, '/');
      await expect.poll(() => tile.getByTestId('tile-state').innerText(), { timeout: 15_000 }).toBe(m.status.Available);
    });

    it('shows a refusal in words', async () => {
      await station.plugIn(1);
      await open(page, `/charge-points/${id}`);
      const form = page.getByTestId('reserve');
      await form.getByLabel(m.reservations.tag, { exact: true }).selectOption(tagId);
      await form.getByRole('button', { name: m.reservations.reserve }).click();
      const occupied = m.commands.answered.replace('{{status}}', m.commands.answer.Occupied);
      await expect.poll(() => page.getByTestId('reserve-result').innerText(), { timeout: 15_000 }).toBe(occupied);
      const [refused] = await app.db.reservations.list(id);
      await expect.poll(() => page.getByTestId(`reservation-${refused!.id}-status`).innerText(), { timeout: 15_000 }).toBe(m.reservations.status.Rejected);
      await station.unplug(1);
    });
  });
});
