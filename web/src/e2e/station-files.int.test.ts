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

describe('firmware images and station files in a real browser, in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `ui-files-${randomUUID()}`;
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
      await app.db.users.create({ username: `files-${lang}`, password: 'admin-password', role: 'admin', language: lang });
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
    const id = `files-station-${lang}`;
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
      await signIn(page, `files-${lang}`, 'admin-password');
    });

    it('uploads an image, updates the station with it and gets its diagnostics, with the history in words', async () => {
      await open(page, '/admin/firmware');
      await page.getByLabel(m.firmwareAdmin.file, { exact: true }).setInputFiles({ name: `fw-${lang}.bin`, mimeType: 'application/octet-stream', buffer: Buffer.from(`image ${lang}`) });
      await page.getByLabel(m.firmwareAdmin.version, { exact: true }).fill(`1.0-${lang}`);
      await page.getByRole('button', { name: m.firmwareAdmin.upload }).click();
      await expect.poll(() => page.getByTestId('firmware-images').innerText(), { timeout: 15_000 }).toContain(`fw-${lang}.bin`);
      expect(await missingKeys(page)).toEqual([]);

      await open(page, `/charge-points/${id}`);
      const panel = page.getByTestId('station-files');
      await panel.getByLabel(m.stationFiles.image, { exact: true }).selectOption({ label: `fw-${lang}.bin (1.0-${lang})` });
      await panel.getByRole('button', { name: m.stationFiles.update }).click();
      const [firmwareJob] = await (async () => {
        await expect.poll(async () => (await app.db.stationFiles.jobsOfStation(id, 10)).length, { timeout: 15_000 }).toBe(1);
        return app.db.stationFiles.jobsOfStation(id, 10);
      })();
      const done = `${m.stationFiles.outcome.Succeeded}: ${m.stationFiles.status.Installed}`;
      await expect.poll(() => panel.getByTestId(`file-job-${firmwareJob!.id}-state`).innerText(), { timeout: 30_000 }).toBe(done);

      await panel.getByRole('button', { name: m.stationFiles.diagnostics }).click();
      await expect.poll(async () => (await app.db.stationFiles.jobsOfStation(id, 10)).length, { timeout: 15_000 }).toBe(2);
      const [diagnostics] = await app.db.stationFiles.jobsOfStation(id, 1);
      const uploaded = `${m.stationFiles.outcome.Succeeded}: ${m.stationFiles.status.Uploaded}`;
      await expect.poll(() => panel.getByTestId(`file-job-${diagnostics!.id}-state`).innerText(), { timeout: 30_000 }).toBe(uploaded);
      const link = panel.getByTestId(`file-job-${diagnostics!.id}-download`);
      await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
      const file = await page.request.get(`${app.url}${await link.getAttribute('href')}`);
      expect(file.status()).toBe(200);
      expect(await file.text()).toContain(id);
      expect(await missingKeys(page)).toEqual([]);
    });
  });
});
