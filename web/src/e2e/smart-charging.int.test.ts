import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChargePoint } from '@csms/simulators';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { missingKeys, open, screenshot } from '../testing/browser.ts';
import { startStationPageSystem, type StationPageSystem } from '../testing/station-page-system.ts';

const CATALOG = { en, de } as const;

describe('smart charging on the station page in a real browser, in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  let system: StationPageSystem;

  beforeAll(async () => {
    system = await startStationPageSystem({ prefix: 'sc', temporalAddress: address, temporalNamespace: namespace });
  });

  afterAll(() => system?.stop());

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    const id = `sc-station-${lang}`;
    let page: Page;
    let station: ChargePoint;

    beforeAll(async () => {
      ({ page, station } = await system.stationPage(lang, id));
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
