import { describe, expect, it } from 'vitest';
import { moneyInputExample, parseMoneyInput } from './money-input.ts';

describe('an amount typed by an admin', () => {
  it('becomes exact minor units with either decimal separator', () => {
    expect(parseMoneyInput('5', 'EUR')).toEqual({ ok: true, minor: 500 });
    expect(parseMoneyInput(' 5,5 ', 'EUR')).toEqual({ ok: true, minor: 550 });
    expect(parseMoneyInput('0.07', 'EUR')).toEqual({ ok: true, minor: 7 });
    expect(parseMoneyInput('1234.56', 'EUR')).toEqual({ ok: true, minor: 123_456 });
    expect(parseMoneyInput('0.29', 'EUR')).toEqual({ ok: true, minor: 29 }); // 0.29 * 100 is 28.999… in floating point
    expect(parseMoneyInput('500', 'JPY')).toEqual({ ok: true, minor: 500 });
    expect(parseMoneyInput('1.5', 'KWD')).toEqual({ ok: true, minor: 1500 });
  });

  it('is null when empty (the whole remaining amount)', () => {
    expect(parseMoneyInput('  ', 'EUR')).toEqual({ ok: true, minor: null });
  });

  it('is refused when it is not plainly an amount, instead of guessing', () => {
    for (const text of ['-5', '5.001', '1.234,56', '1,234.56', 'abc', '5 €', '.5', '5.', '1e3']) {
      expect(parseMoneyInput(text, 'EUR'), text).toEqual({ ok: false });
    }
    expect(parseMoneyInput('5.5', 'JPY')).toEqual({ ok: false });
  });

  it('has an example in the locale’s notation', () => {
    expect(moneyInputExample(1250, 'EUR', 'de')).toBe('12,50');
    expect(moneyInputExample(123_456, 'EUR', 'en')).toBe('1234.56');
  });
});
