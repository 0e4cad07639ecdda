import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChargePoint } from '@csms/simulators';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { missingKeys, open } from '../testing/browser.ts';
import { startStationPageSystem, type StationPageSystem } from '../testing/station-page-system.ts';
import type { TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;

describe('reservations on the station page and the tile, in a real browser, in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  let system: StationPageSystem;
  let app: TestWebApp;

  beforeAll(async () => {
    system = await startStationPageSystem({ prefix: 'res', temporalAddress: address, temporalNamespace: namespace, env: { UI_POLL_MS: '250' } });
    app = system.app;
  });

  afterAll(() => system?.stop());

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    const id = `res-station-${lang}`;
    const tagId = `RES-${lang.toUpperCase()}`;
    let page: Page;
    let station: ChargePoint;

    beforeAll(async () => {
      await app.db.chargeTags.create(tagId, { name: `Card ${lang}` });
      ({ page, station } = await system.stationPage(lang, id));
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
