import { InvalidInputError } from '../errors.ts';

/**
 * Parses a non-negative decimal such as `0.359` into an integer scaled by 10^`digits` without floating-point error;
 * more fractional digits than `digits` is an error rather than silent rounding.
 */
export function parseScaledDecimal(option: string, text: string, digits: number): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new InvalidInputError(`${option} must be a number ≥ 0 such as 0.35, got "${text}"`);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) throw new InvalidInputError(`${option} allows at most ${digits} decimals, got "${text}"`);
  const value = Number(match[1] + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(value)) throw new InvalidInputError(`${option} is too large`);
  return value;
}

/** The number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw new InvalidInputError(`unknown currency "${currency}"`);
  }
}

/** Formats an integer of minor units as a decimal string, e.g. 35900 with 5 digits → "0.359". */
export function formatScaled(value: number, digits: number): string {
  const text = (value / 10 ** digits).toFixed(digits);
  return digits > 0 ? text.replace(/\.?0+$/, '') : text;
}
