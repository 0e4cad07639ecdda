import type { Locale } from '../i18n/index.ts';
import { minorUnitDigits } from './money.ts';

/** What {@link parseMoneyInput} makes of a typed amount. */
export type MoneyInput = { ok: true; minor: number | null } | { ok: false };

/**
 * An amount typed by a person (`5`, `5.5`, `5,50`) as integer minor units, exactly (no floating point); empty is
 * `null`. Either decimal separator is accepted, so German and English typing both work; thousands separators, signs
 * and more decimals than the currency has are refused rather than guessed.
 */
export function parseMoneyInput(text: string, currency: string): MoneyInput {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, minor: null };
  const digits = minorUnitDigits(currency);
  const match = /^(\d{1,12})(?:[.,](\d+))?$/.exec(trimmed);
  if (!match || (match[2] ?? '').length > digits) return { ok: false };
  return { ok: true, minor: Number(match[1]! + (match[2] ?? '').padEnd(digits, '0')) };
}

/** An amount in the locale's notation without a currency sign (`12.50` / `12,50`), as an input's example. */
export function moneyInputExample(minor: number, currency: string, locale: Locale): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(minor / 10 ** digits);
}
