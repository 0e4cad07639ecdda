import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChargePoint } from '@csms/simulators';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { missingKeys, open } from '../testing/browser.ts';
import { startStationPageSystem, type StationPageSystem } from '../testing/station-page-system.ts';
import type { TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;

describe('the station page in a real browser: configuration table and local authorization list, in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  let system: StationPageSystem;
  let app: TestWebApp;

  beforeAll(async () => {
    system = await startStationPageSystem({ prefix: 'cfg', temporalAddress: address, temporalNamespace: namespace });
    app = system.app;
  });

  afterAll(() => system?.stop());

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    const id = `cfg-station-${lang}`;
    const tagId = `LIST-${lang.toUpperCase()}`;
    let page: Page;
    let station: ChargePoint;

    beforeAll(async () => {
      await app.db.chargeTags.create(tagId, { name: `Card ${lang}` });
      ({ page, station } = await system.stationPage(lang, id));
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
