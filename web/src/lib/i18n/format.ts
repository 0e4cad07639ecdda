import type { Locale } from './index.ts';

/** Formatting of times, numbers and energy for one locale and time zone. */
export interface Formatter {
  /** Date and time, e.g. 03.03.2026, 14:05. */
  dateTime(value: string | Date | null | undefined): string;
  /** Date only. */
  date(value: string | Date | null | undefined): string;
  /** Time of day with seconds. */
  time(value: string | Date | null | undefined): string;
  /** A number with the locale's separators. */
  number(value: number | null | undefined, decimals?: number): string;
  /** Wh as kWh with up to three decimals ("12,345"). */
  kWh(wh: number | null | undefined): string;
  /** W as kW with one decimal. */
  kW(watts: number | null | undefined): string;
  /** Whole hours and minutes between two instants. */
  duration(fromIso: string | Date, now: number): { hours: number; minutes: number };
}

const NONE = '–';

function toDate(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Creates the formatter of a locale. The time zone comes from the server (`UI_TIME_ZONE`) so the server's and the
 * browser's rendering agree.
 */
export function createFormatter(locale: Locale, timeZone: string): Formatter {
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const numbers = new Map<string, Intl.NumberFormat>();
  const number = (value: number, min: number, max: number) => {
    const key = `${min}/${max}`;
    let format = numbers.get(key);
    if (!format) {
      format = new Intl.NumberFormat(tag, { minimumFractionDigits: min, maximumFractionDigits: max });
      numbers.set(key, format);
    }
    return format.format(value);
  };
  return {
    dateTime: (value) => {
      const d = toDate(value);
      return d ? dateTime.format(d) : NONE;
    },
    date: (value) => {
      const d = toDate(value);
      return d ? date.format(d) : NONE;
    },
    time: (value) => {
      const d = toDate(value);
      return d ? time.format(d) : NONE;
    },
    number: (value, decimals = 0) => (value === null || value === undefined ? NONE : number(value, decimals, decimals)),
    kWh: (wh) => (wh === null || wh === undefined ? NONE : number(wh / 1000, 1, 3)),
    kW: (watts) => (watts === null || watts === undefined ? NONE : number(watts / 1000, 1, 1)),
    duration: (fromIso, now) => {
      const from = toDate(fromIso)?.getTime() ?? now;
      const minutes = Math.max(0, Math.floor((now - from) / 60_000));
      return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
    },
  };
}
