import { describe, expect, it } from 'vitest';
import { CATALOGS, type Locale, type MessageParams } from '../i18n/index.ts';
import { formatMoney, formatUnitPrice, minorUnitDigits } from './money.ts';
import { holdInWords, priceInWords, type PriceList } from './price-words.ts';

/** The catalogs' messages with their placeholders filled, as sveltekit-i18n's `$t` does. */
function translator(locale: Locale) {
  return (key: string, params: MessageParams = {}) => {
    const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], CATALOGS[locale]);
    if (typeof text !== 'string') throw new Error(`no message ${key}`);
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in params)) throw new Error(`${key}: no value for ${name}`);
      return String(params[name]);
    });
  };
}

// Intl puts a no-break space between amount and symbol in German
const nb = (text: string) => text.replace(/\u00a0/g, ' ');
const words = (list: PriceList, locale: Locale) => priceInWords(list, locale, translator(locale)).map(nb);

const base: PriceList = { currency: 'EUR', perKwhMinor: 39, perMinute: null, sessionFeeMinor: 0, minimumEnergyWh: 0 };

describe('money from integer minor units', () => {
  it('is written the way each language writes it', () => {
    expect(formatMoney(1234, 'EUR', 'en')).toBe('€12.34');
    expect(nb(formatMoney(1234, 'EUR', 'de'))).toBe('12,34 €');
    expect(nb(formatMoney(123456, 'EUR', 'de'))).toBe('1.234,56 €');
    expect(formatMoney(0, 'EUR', 'en')).toBe('€0.00');
    expect(formatMoney(5, 'GBP', 'en')).toBe('£0.05');
    expect(formatMoney(500, 'JPY', 'en')).toBe('JP¥500'); // no minor unit
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(nb(formatMoney(1500, 'KWD', 'en'))).toBe('KWD 1.500');
  });

  it('keeps unit prices that are fractions of a cent, without trailing zeros', () => {
    expect(formatUnitPrice(39.5, 'EUR', 'en')).toBe('€0.395');
    expect(nb(formatUnitPrice(35.9, 'EUR', 'de'))).toBe('0,359 €');
    expect(formatUnitPrice(40, 'EUR', 'en')).toBe('€0.40');
    expect(formatUnitPrice(39.125, 'EUR', 'en')).toBe('€0.39125');
  });
});

describe('the price in words', () => {
  it('says the energy price alone when there is nothing else', () => {
    expect(words(base, 'en')).toEqual(['€0.39 per kWh']);
    expect(words(base, 'de')).toEqual(['0,39 € pro kWh']);
  });

  it('lists kWh, minute fee with free minutes and cap, then the session fee (AFIR order) and the minimum energy', () => {
    const list: PriceList = {
      ...base,
      perKwhMinor: 49.5,
      perMinute: { feeMinor: 10, freeMinutes: 60, maxBillableMinutes: 120, from: 'sessionStart' },
      sessionFeeMinor: 150,
      minimumEnergyWh: 1000,
    };
    expect(words(list, 'en')).toEqual([
      '€0.495 per kWh',
      '€0.10 per minute of the session after the first 60 minutes',
      'The minute fee is at most €12.00 (120 minutes).',
      '€1.50 per session',
      'Nothing is charged for a session with less than 1 kWh.',
    ]);
    expect(words(list, 'de')).toEqual([
      '0,495 € pro kWh',
      '0,10 € pro Minute des Ladevorgangs nach den ersten 60 Minuten',
      'Die Minutengebühr beträgt höchstens 12,00 € (120 Minuten).',
      '1,50 € pro Ladevorgang',
      'Für einen Ladevorgang mit weniger als 1 kWh wird nichts berechnet.',
    ]);
  });

  it('words an idle fee after the session fee, as "other" component, with and without free minutes', () => {
    const idle: PriceList = { ...base, sessionFeeMinor: 100, perMinute: { feeMinor: 25, freeMinutes: 0, maxBillableMinutes: null, from: 'chargingEnd' } };
    expect(words(idle, 'en')).toEqual([
      '€0.39 per kWh',
      '€1.00 per session',
      '€0.25 per minute the car stays plugged in after charging has finished (idle fee)',
    ]);
    const withFree: PriceList = { ...idle, perMinute: { feeMinor: 25, freeMinutes: 30, maxBillableMinutes: 240, from: 'chargingEnd' } };
    expect(words(withFree, 'de').slice(2)).toEqual([
      '0,25 € pro Minute, die das Auto länger als 30 Minuten nach Ladeende angesteckt bleibt (Blockiergebühr)',
      'Die Minutengebühr beträgt höchstens 60,00 € (240 Minuten).',
    ]);
  });

  it('leaves out components that are zero, and says so when nothing costs anything', () => {
    expect(words({ ...base, perKwhMinor: 0, sessionFeeMinor: 200 }, 'en')).toEqual(['€2.00 per session']);
    expect(words({ ...base, perKwhMinor: 0, perMinute: { feeMinor: 0, freeMinutes: 0, maxBillableMinutes: null, from: 'sessionStart' } }, 'en')).toEqual([
      'Charging here costs nothing.',
    ]);
    expect(words({ ...base, perKwhMinor: 0 }, 'de')).toEqual(['Laden kostet hier nichts.']);
  });

  it('states the maximum energy and the hold with the promise to charge only what is used', () => {
    const lines = holdInWords({ maxEnergyWh: 30_500, holdAmountMinor: 1_339, currency: 'EUR' }, 'de', translator('de')).map(nb);
    expect(lines).toEqual([
      'Höchstens 30,5 kWh pro Ladevorgang: dann endet das Laden.',
      'Vor dem Laden werden 13,39 € auf Ihrer Karte reserviert. Sie zahlen nur, was Sie laden; der Rest der Reservierung wird freigegeben.',
    ]);
    expect(holdInWords({ maxEnergyWh: null, holdAmountMinor: 500, currency: 'EUR' }, 'en', translator('en'))).toEqual([
      'Before charging, €5.00 is held on your card. You pay only for what you use; the rest of the hold is released.',
    ]);
  });
});
