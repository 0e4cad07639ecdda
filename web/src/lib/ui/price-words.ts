import type { Locale, MessageParams } from '../i18n/index.ts';
import { formatMoney, formatUnitPrice } from './money.ts';

/** A translation function: `$t` of sveltekit-i18n, or a catalog lookup in tests. */
export type Translate = (key: string, params?: MessageParams) => string;

/**
 * The price list as the driver's page words it; structurally the back end's `PriceTerms`
 * (`$lib/server/payments/driver-types.ts`), money in minor units of `currency`.
 */
export interface PriceList {
  readonly currency: string;
  /** Energy price in minor units per kWh; may have decimals (39.5 cents). */
  readonly perKwhMinor: number;
  readonly perMinute: null | {
    readonly feeMinor: number;
    readonly freeMinutes: number;
    /** Cap on billed minutes (after the free ones), or null for none. */
    readonly maxBillableMinutes: number | null;
    /** `sessionStart`: a fee for the session's time; `chargingEnd`: an idle fee from the stop until unplugged. */
    readonly from: 'sessionStart' | 'chargingEnd';
  };
  readonly sessionFeeMinor: number;
  /** Below this energy nothing at all is charged; 0 for no such rule. */
  readonly minimumEnergyWh: number;
}

const KWH: Record<Locale, string> = { en: 'en-GB', de: 'de-DE' };

/** Wh as kWh with up to three decimals, the way the locale writes numbers ("1.5" / "1,5"). */
export function formatKwh(wh: number, locale: Locale): string {
  return new Intl.NumberFormat(KWH[locale], { maximumFractionDigits: 3 }).format(wh / 1000);
}

/**
 * The price components in words, in the order AFIR Art. 5(4) prescribes for points below 50 kW: price per kWh,
 * price per minute (with its free minutes and cap), price per session, then any other component (the idle fee,
 * the minimum energy). A component that is zero is left out; a list where everything is zero says that charging
 * costs nothing.
 */
export function priceInWords(list: PriceList, locale: Locale, t: Translate): string[] {
  const money = (minor: number) => formatMoney(minor, list.currency, locale);
  const lines: string[] = [];
  if (list.perKwhMinor > 0) lines.push(t('price.perKwh', { price: formatUnitPrice(list.perKwhMinor, list.currency, locale) }));
  const minute = list.perMinute && list.perMinute.feeMinor > 0 ? list.perMinute : null;
  const minuteLines: string[] = [];
  if (minute) {
    const price = money(minute.feeMinor);
    const kind = minute.from === 'chargingEnd' ? 'idle' : 'perMinute';
    minuteLines.push(
      minute.freeMinutes > 0 ? t(`price.${kind}AfterFree`, { price, minutes: minute.freeMinutes }) : t(`price.${kind}`, { price }),
    );
    if (minute.maxBillableMinutes !== null) {
      minuteLines.push(t('price.minuteCap', { amount: money(minute.feeMinor * minute.maxBillableMinutes), minutes: minute.maxBillableMinutes }));
    }
  }
  if (minute?.from === 'sessionStart') lines.push(...minuteLines);
  if (list.sessionFeeMinor > 0) lines.push(t('price.sessionFee', { price: money(list.sessionFeeMinor) }));
  if (minute?.from === 'chargingEnd') lines.push(...minuteLines);
  if (lines.length === 0) return [t('price.nothing')];
  if (list.minimumEnergyWh > 0) lines.push(t('price.minimumEnergy', { energy: formatKwh(list.minimumEnergyWh, locale) }));
  return lines;
}

/**
 * The session's limits in words: the maximum energy and the amount Stripe holds on the card, with the promise that
 * only what is used is charged.
 */
export function holdInWords(input: { maxEnergyWh: number | null; holdAmountMinor: number; currency: string }, locale: Locale, t: Translate): string[] {
  const lines: string[] = [];
  if (input.maxEnergyWh !== null) lines.push(t('price.maxEnergy', { energy: formatKwh(input.maxEnergyWh, locale) }));
  lines.push(t('price.hold', { amount: formatMoney(input.holdAmountMinor, input.currency, locale) }));
  return lines;
}
