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

describe('the station page in a real browser: configuration table and local authorization list, in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `ui-config-${randomUUID()}`;
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
      await app.db.users.create({ username: `cfg-${lang}`, password: 'admin-password', role: 'admin', language: lang });
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
    const id = `cfg-station-${lang}`;
    const tagId = `LIST-${lang.toUpperCase()}`;
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
      await signIn(page, `cfg-${lang}`, 'admin-password');
      await open(page, `/charge-points/${id}`);
    });

    it('reads the configuration, marks read-only keys, checks a value before sending and explains the answers', async () => {
      const table = page.getByTestId('configuration');
      await table.getByTestId('configuration-read').click();
      const readonlyRow = table.getByTestId('configuration-NumberOfConnectors');
      await expect.poll(() => readonlyRow.innerText(), { timeout: 15_000 }).toContain(m.stationConfig.readonly);
      expect(await readonlyRow.getByRole('button').count()).toBe(0);
      const row = table.getByTestId('configuration-MeterValueSampleInterval');
      expect(await row.innerText()).toContain(m.stationConfig.readwrite);

      await row.getByRole('button', { name: m.stationConfig.change }).click();
      const input = row.getByLabel(m.stationConfig.newValue.replace('{{key}}', 'MeterValueSampleInterval'));
      await input.fill('   ');
      await row.getByRole('button', { name: m.common.save }).click();
      expect(await row.innerText()).toContain(m.stationConfig.invalidEmpty);
      expect(station.settings.get('MeterValueSampleInterval')?.value).not.toBe('');

      await input.fill('-1');
      await row.getByRole('button', { name: m.common.save }).click();
      const answer = table.getByTestId('configuration-answer');
      await expect.poll(() => answer.innerText(), { timeout: 15_000 }).toBe(m.stationConfig.answer.Rejected.replace('{{key}}', 'MeterValueSampleInterval'));

      await input.fill('60');
      await row.getByRole('button', { name: m.common.save }).click();
      await expect.poll(() => answer.innerText(), { timeout: 15_000 }).toBe(m.stationConfig.answer.Accepted.replace('{{key}}', 'MeterValueSampleInterval'));
      expect(station.settings.get('MeterValueSampleInterval')?.value).toBe('60');
      expect(await row.innerText()).toContain('60');
      expect(await missingKeys(page)).toEqual([]);
    });

    it('puts a tag on the local list, shows the list out of date, sends the changes and shows the answer in words', async () => {
      const panel = page.getByTestId('local-list');
      await expect.poll(() => panel.getByTestId('local-list-held').innerText()).toContain(m.localList.heldNone);
      await panel.getByLabel(`Card ${lang} (${tagId})`).check();
      await panel.getByTestId('local-list-save').click();
      await expect.poll(() => panel.getByTestId('local-list-stale').innerText()).toBe(m.localList.stale.replace('{{count}}', '1'));

      await panel.getByTestId('local-list-differential').click();
      const accepted = m.commands.answered.replace('{{status}}', m.localList.answer.Accepted);
      await expect.poll(() => panel.getByTestId('local-list-message').innerText(), { timeout: 15_000 }).toBe(accepted);
      expect(await panel.getByTestId('local-list-held').innerText()).toContain(m.localList.current);
      expect(await panel.getByTestId('local-list-held').innerText()).toContain(m.localList.held.replace('{{version}}', '1').replace('{{count}}', '1'));

      await panel.getByTestId('local-list-version').click();
      await expect.poll(() => panel.getByTestId('local-list-message').innerText(), { timeout: 15_000 }).toBe(m.localList.version.replace('{{version}}', '1'));
      expect(await missingKeys(page)).toEqual([]);
    });
  });
});
