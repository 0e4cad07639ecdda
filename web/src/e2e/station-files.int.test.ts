import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { missingKeys, open } from '../testing/browser.ts';
import { startStationPageSystem, type StationPageSystem } from '../testing/station-page-system.ts';
import type { TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;

describe('firmware images and station files in a real browser, in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  let system: StationPageSystem;
  let app: TestWebApp;

  beforeAll(async () => {
    system = await startStationPageSystem({ prefix: 'files', temporalAddress: address, temporalNamespace: namespace });
    app = system.app;
  });

  afterAll(() => system?.stop());

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    const id = `files-station-${lang}`;
    let page: Page;

    beforeAll(async () => {
      ({ page } = await system.stationPage(lang, id));
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
