import i18n, { type Config } from 'sveltekit-i18n';
import { de } from './de.ts';
import { en } from './en.ts';

/** The languages of the UI. */
export const LOCALES = ['en', 'de'] as const;

/** A UI language. */
export type Locale = (typeof LOCALES)[number];

/** Placeholder values of a message (`{{name}}`). */
export type MessageParams = Record<string, string | number>;

/** Both catalogs, keyed by locale (the catalog test compares them). */
export const CATALOGS = { en, de } as const;

const config: Config<MessageParams> = {
  // every catalog is bundled: no loader runs, so switching the locale is synchronous (SSR renders in one pass)
  translations: { en, de },
  initLocale: 'en',
  log: { level: 'error' },
};

const instance = new i18n(config);

/**
 * sveltekit-i18n's stores: `$t('key', {param})` in components, `locale` for the language. `locale.forceSet` switches
 * synchronously, which the root layout does before anything renders.
 */
export const { t, locale, translations } = instance;

/** True for a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
