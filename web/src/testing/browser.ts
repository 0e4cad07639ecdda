import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CATALOGS, type Locale } from '../lib/i18n/index.ts';

/** Where the screenshots of docs/ui.md are kept. */
export const SCREENSHOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');

/** Debian's chromium, headless, without the features that phone home or need a GPU. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A browser context whose Accept-Language asks for `locale`. */
export function newContext(browser: Browser, baseURL: string, locale: Locale, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  return browser.newContext({ baseURL, locale: locale === 'de' ? 'de-DE' : 'en-GB', viewport, acceptDownloads: true });
}

/** Opens a page and waits until it is hydrated (interactive). */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Signs in through the form and waits for the overview. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await open(page, '/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname === '/', { waitUntil: 'commit' }), page.locator('main form button[type=submit]').click()]).catch(
    async (error: unknown) => {
      throw new Error(`sign-in as ${username} failed on ${page.url()}: ${await page.locator('body').innerText().catch(() => '?')}`, { cause: error });
    },
  );
}

/** Every catalog key, flattened ("overview.title"). */
export function catalogKeys(value: unknown = CATALOGS.en, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => catalogKeys(child, prefix ? `${prefix}.${key}` : key));
}

const TOP_LEVEL = new Set(Object.keys(CATALOGS.en));

/**
 * Text on the page that looks like an untranslated key (sveltekit-i18n prints the key when a message is missing):
 * a word sequence "section.name" whose first part is a section of the catalog.
 */
export async function missingKeys(page: Page): Promise<string[]> {
  const text = `${await page.locator('body').innerText()} ${await page.title()}`;
  const found = text.match(/\b[a-zA-Z]+(?:\.[a-zA-Z0-9]+)+\b/g) ?? [];
  return [...new Set(found.filter((candidate) => TOP_LEVEL.has(candidate.split('.')[0]!)))];
}

/**
 * Saves a full-page screenshot as docs/screenshots/<name>.png when `CSMS_UPDATE_SCREENSHOTS=1` (so ordinary test runs
 * leave the committed pictures alone).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CSMS_UPDATE_SCREENSHOTS !== '1') return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
