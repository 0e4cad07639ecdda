import { isLocale, type Locale } from './index.ts';

/** Name of the cookie the language switch sets. */
export const LOCALE_COOKIE = 'csms_lang';

/**
 * The UI language of a request: the switch's cookie (an explicit choice on this browser) first, then the signed-in
 * user's account setting, then the browser's `Accept-Language` (by quality), else English.
 */
export function negotiateLocale(input: { cookie?: string | null; account?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.cookie)) return input.cookie;
  if (isLocale(input.account)) return input.account;
  const ranked = (input.acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { language: tag.trim().toLowerCase().split('-')[0]!, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.language && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) if (isLocale(entry.language)) return entry.language;
  return 'en';
}
