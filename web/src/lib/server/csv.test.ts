import { describe, expect, it } from 'vitest';
import { CsvWriter, kWh, wantsCsv } from './csv.ts';

describe('CSV for spreadsheets', () => {
  it('writes English CSV with BOM, CRLF, quoting and formula protection', () => {
    const csv = new CsvWriter({ locale: 'en', timeZone: 'UTC' })
      .row(['Tag', 'Energy (kWh)', 'Start'])
      .row(['=HYPERLINK("x")', kWh(12345), new Date('2026-03-01T10:00:00Z')])
      .row(['a,b', kWh(null), null])
      .toString();
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Tag,Energy (kWh),Start',
      `"'=HYPERLINK(""x"")",12.345,2026-03-01 10:00:00`,
      '"a,b",,',
      '',
    ]);
  });

  it('writes German CSV with semicolons, decimal commas and local times', () => {
    const csv = new CsvWriter({ locale: 'de', timeZone: 'Europe/Berlin' }).row(['x;y', kWh(1500), new Date('2026-07-01T10:00:00Z')]).toString();
    expect(csv).toBe('\uFEFF"x;y";1,500;2026-07-01 12:00:00\r\n');
    expect(new CsvWriter({ locale: 'de', separator: 'tab', timeZone: 'UTC' }).row(['a', kWh(1)]).toString()).toBe('\uFEFFa\t0,001\r\n');
  });

  it('negotiates CSV by query or Accept header', () => {
    expect(wantsCsv(new URL('http://x/?format=csv'), null)).toBe(true);
    expect(wantsCsv(new URL('http://x/?format=json'), 'text/csv')).toBe(false);
    expect(wantsCsv(new URL('http://x/'), 'text/csv, application/json')).toBe(true);
    expect(wantsCsv(new URL('http://x/'), 'application/json')).toBe(false);
  });
});
