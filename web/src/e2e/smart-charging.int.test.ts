import { randomUUID } from 'node:crypto';
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

describe('smart charging on the station page in a real browser, in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `ui-smart-${randomUUID()}`;
  let app: TestWebApp;
  let gateway: GatewayProcess;
  let browser: Browser;
  let worker: CsmsWorker | undefined;
  let running: Promise<void> | undefined;
  const stations: ChargePoint[] = [];

  beforeAll(async () => {
    app = await startWebApp({ temporalAddress: address, temporalNamespace: namespace, env: { COMMAND_TASK_QUEUE: taskQueue, COMMAND_TIMEOUT_SECONDS: '20' } });
    worker = await createCsmsWorker({ temporal: { address, namespace }, taskQueue, checkDatabase: () => app.db.ping(), activities: createCommandActivities(app.db) });
    running = worker.run();
    gateway = await startGatewayProcess({ DATABASE_URL: app.db.url, CSMS_SECRET_KEY: 'k'.repeat(40), TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace });
    for (const lang of ['en', 'de'] as const) {
      await app.db.users.create({ username: `sc-${lang}`, password: 'admin-password', role: 'admin', language: lang });
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
    const id = `sc-station-${lang}`;
    let page: Page;
    let station: ChargePoint;

    beforeAll(async () => {
      const created = await app.call('/api/v1/charge-points', { method: 'POST', token: app.adminToken, body: { id, name: id } });
      expect(created.status).toBe(201);
      const { generatedPassword } = (await created.json()) as { generatedPassword: string };
      station = new ChargePoint({ url: gateway.endpoint, id, password: generatedPassword, protocol: 'ocpp1.6', connectors: 1, reconnect: false, heartbeat: false });
      stations.push(station);
      await station.powerUp();
      page = await (await newContext(browser, app.url, lang)).newPage();
      await signIn(page, `sc-${lang}`, 'admin-password');
      await open(page, `/charge-points/${id}`);
    });

    it('adds a default profile, lists it in words, shows the composite schedule and clears the profile', async () => {
      const panel = page.getByTestId('smart-charging');
      expect(await panel.innerText()).toContain(m.smartCharging.none);

      const add = panel.getByTestId('add-profile');
      await add.getByLabel(m.smartCharging.connector).selectOption('1');
      await add.getByLabel(m.smartCharging.stackLevel).fill('2');
      await add.getByLabel(m.smartCharging.limit).fill('16');
      await add.getByRole('button', { name: m.smartCharging.send }).click();
      const accepted = m.commands.answered.replace('{{status}}', m.commands.answer.Accepted);
      await expect.poll(() => add.getByTestId('add-profile-result').innerText(), { timeout: 15_000 }).toBe(accepted);
      expect([...station.connector(1).chargingProfiles.values()]).toEqual([expect.objectContaining({ stackLevel: 2, chargingProfilePurpose: 'TxDefaultProfile' })]);

      const row = panel.getByTestId('charging-profile-1');
      await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain(m.smartCharging.statuses.Accepted);
      const text = await row.innerText();
      expect(text).toContain(m.smartCharging.purposes.TxDefaultProfile);
      expect(text).toContain('16 A');

      const composite = panel.getByTestId('composite');
      await composite.getByLabel(m.smartCharging.duration).fill('600');
      await composite.getByRole('button', { name: m.smartCharging.ask }).click();
      const period = m.smartCharging.period.replace('{{offset}}', '0').replace('{{limit}}', '16').replace('{{unit}}', 'A');
      await expect.poll(() => composite.getByTestId('composite-result').innerText(), { timeout: 15_000 }).toContain(period);
      await screenshot(page, `smart-charging-${lang}`);

      await row.getByRole('button', { name: m.smartCharging.clear }).click();
      await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain(m.smartCharging.statuses.Cleared);
      expect(station.connector(1).chargingProfiles.size).toBe(0);
      expect(await missingKeys(page)).toEqual([]);
    });

    it('refuses a profile whose validity ends before it begins and sends nothing', async () => {
      const add = page.getByTestId('smart-charging').getByTestId('add-profile');
      await add.getByLabel(m.smartCharging.limit).fill('16');
      await add.getByLabel(m.smartCharging.validFrom).fill('2026-12-01T10:00');
      await add.getByLabel(m.smartCharging.validTo).fill('2026-12-01T09:00');
      const before = station.connector(1).chargingProfiles.size;
      await add.getByRole('button', { name: m.smartCharging.send }).click();
      await expect.poll(() => add.getByTestId('add-profile-result').innerText(), { timeout: 15_000 }).toBe(m.commands.error.other.replace('{{code}}', 'ValidationFailed'));
      expect(station.connector(1).chargingProfiles.size).toBe(before);
    });
  });
});
