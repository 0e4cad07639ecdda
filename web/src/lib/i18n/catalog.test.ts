import { describe, expect, it } from 'vitest';
import { de } from './de.ts';
import { en } from './en.ts';
import { createFormatter } from './format.ts';
import { negotiateLocale } from './negotiate.ts';

function flatten(value: unknown, prefix = ''): Map<string, string> {
  if (typeof value === 'string') return new Map([[prefix, value]]);
  return new Map(
    Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [...flatten(child, prefix ? `${prefix}.${key}` : key)]),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('the message catalogs', () => {
  const english = flatten(en);
  const german = flatten(de);

  it('have the same keys in English and German', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
    expect(english.size).toBeGreaterThan(300);
  });

  it('have no empty message and the same placeholders in both languages', () => {
    for (const [key, text] of english) {
      expect(text.trim(), key).not.toBe('');
      expect(german.get(key)!.trim(), key).not.toBe('');
      expect(placeholders(german.get(key)!), key).toEqual(placeholders(text));
      // sveltekit-i18n's parser reads a one-letter placeholder as "n}" and prints nothing for it
      for (const name of placeholders(text)) expect(name!.length, `${key}: {{${name}}}`).toBeGreaterThan(1);
    }
  });

  it('translate what people read: German differs from English except names, units and codes', () => {
    const same = [...english].filter(([key, text]) => german.get(key) === text && /[a-z]{4,}/.test(text.replace(/\{\{\w+\}\}/g, '')));
    // words German shares with English; anything else identical is a forgotten translation
    const shared = new Set(['English', 'Deutsch', 'Administrator', 'optional', 'Status', 'Firmware', 'Limit', 'Name', 'CSMS']);
    expect(same.filter(([, text]) => !shared.has(text)).map(([key]) => key)).toEqual([]);
  });
});

describe('the language of a request', () => {
  it('prefers the switch cookie, then the account, then Accept-Language, else English', () => {
    expect(negotiateLocale({ cookie: 'de', account: 'en', acceptLanguage: 'en' })).toBe('de');
    expect(negotiateLocale({ cookie: 'xx', account: 'de', acceptLanguage: 'en' })).toBe('de');
    expect(negotiateLocale({ acceptLanguage: 'fr-FR,de;q=0.8,en;q=0.5' })).toBe('de');
    expect(negotiateLocale({ acceptLanguage: 'en;q=0.2, de-AT;q=0.9' })).toBe('de');
    expect(negotiateLocale({ acceptLanguage: 'de;q=0, fr' })).toBe('en');
    expect(negotiateLocale({})).toBe('en');
  });
});

describe('formatting per locale', () => {
  it('formats kWh, kW, dates and durations the German and the English way', () => {
    const deFormat = createFormatter('de', 'Europe/Berlin');
    const enFormat = createFormatter('en', 'Europe/Berlin');
    expect(deFormat.kWh(12_345)).toBe('12,345');
    expect(enFormat.kWh(12_345)).toBe('12.345');
    expect(deFormat.kWh(1_234_500)).toBe('1.234,5');
    expect(enFormat.kW(7_200)).toBe('7.2');
    expect(deFormat.dateTime('2026-03-01T10:05:00Z')).toBe('01.03.2026, 11:05');
    expect(enFormat.dateTime('2026-03-01T10:05:00Z')).toBe('1 Mar 2026, 11:05');
    expect(enFormat.kWh(null)).toBe('–');
    expect(enFormat.duration('2026-03-01T10:00:00Z', Date.parse('2026-03-02T11:05:30Z'))).toEqual({ hours: 25, minutes: 5 });
  });
});
