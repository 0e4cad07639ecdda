import type { Locale } from '../i18n/index.ts';

const TAGS: Record<Locale, string> = { en: 'en-GB', de: 'de-DE' };
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, currency: string, extraDigits: number): Intl.NumberFormat {
  const key = `${locale}/${currency}/${extraDigits}`;
  let format = formats.get(key);
  if (!format) {
    const digits = minorUnitDigits(currency);
    format = new Intl.NumberFormat(TAGS[locale], {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits + extraDigits,
    });
    formats.set(key, format);
  }
  return format;
}

/** The number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3); 2 for a code Intl does not know. */
export function minorUnitDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * An amount given in integer minor units (cents) as the locale writes money: `1234` EUR is "€12.34" in English and
 * "12,34 €" in German. `extraDigits` allows that many digits beyond the currency's own for unit prices that are
 * fractions of a cent (39.5 cents per kWh: "€0.395"); trailing zeros beyond the currency's digits are dropped.
 */
export function formatMoney(minor: number, currency: string, locale: Locale, extraDigits = 0): string {
  if (!Number.isFinite(minor)) return '–';
  return numberFormat(locale, currency, extraDigits).format(minor / 10 ** minorUnitDigits(currency));
}

/** A price in minor units per kWh (it may have decimals), to a thousandth of a minor unit. */
export function formatUnitPrice(minorPerUnit: number, currency: string, locale: Locale): string {
  return formatMoney(minorPerUnit, currency, locale, 3);
}
