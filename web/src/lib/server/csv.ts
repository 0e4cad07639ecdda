import { z } from 'zod';

/** CSV options of the export endpoints (query parameters). */
export const csvQuery = {
  locale: z.enum(['en', 'de']).default('en').describe('en: "," separated, "." decimals; de: ";" separated, "," decimals (Excel in German)'),
  separator: z.enum(['comma', 'semicolon', 'tab']).optional().describe('overrides the locale’s separator'),
  timeZone: z
    .string()
    .max(64)
    .default('UTC')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'unknown IANA time zone')
    .describe('time zone of the times in the file, e.g. Europe/Berlin'),
};

/** A cell: text, a number with fixed decimals, a time, or empty. */
export type CsvCell = string | { readonly number: number; readonly decimals: number } | Date | null | undefined;

const SEPARATORS = { comma: ',', semicolon: ';', tab: '\t' } as const;

/**
 * Writes Excel-friendly CSV: UTF-8 with BOM, CRLF line ends, the locale's separator and decimal mark, times as
 * `YYYY-MM-DD HH:MM:SS` in the chosen time zone, and text that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`) prefixed with `'` (CSV injection).
 */
export class CsvWriter {
  private readonly separator: string;
  private readonly decimal: string;
  private readonly time: Intl.DateTimeFormat;
  private readonly lines: string[] = [];

  constructor(options: { locale: 'en' | 'de'; separator?: 'comma' | 'semicolon' | 'tab'; timeZone: string }) {
    this.separator = options.separator ? SEPARATORS[options.separator] : options.locale === 'de' ? ';' : ',';
    this.decimal = options.locale === 'de' ? ',' : '.';
    // the sv-SE locale formats as ISO-like "2026-03-01 10:00:00"
    this.time = new Intl.DateTimeFormat('sv-SE', {
      timeZone: options.timeZone,
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** Appends one row. */
  row(cells: readonly CsvCell[]): this {
    this.lines.push(cells.map((cell) => this.cell(cell)).join(this.separator));
    return this;
  }

  /** The file content, BOM first. */
  toString(): string {
    return `\uFEFF${this.lines.join('\r\n')}\r\n`;
  }

  /** The file as a download response. */
  toResponse(filename: string): Response {
    return new Response(this.toString(), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'no-store',
      },
    });
  }

  private cell(cell: CsvCell): string {
    if (cell === null || cell === undefined) return '';
    if (cell instanceof Date) return this.time.format(cell);
    if (typeof cell === 'object') return cell.number.toFixed(cell.decimals).replace('.', this.decimal);
    const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    return /["\r\n]/.test(text) || text.includes(this.separator) ? `"${text.replace(/"/g, '""')}"` : text;
  }
}

/** Wh as a kWh cell with three decimals. */
export function kWh(wh: number | null): CsvCell {
  return wh === null ? null : { number: wh / 1000, decimals: 3 };
}

/** True when the request asks for CSV (`?format=csv` or an `Accept` header preferring text/csv). */
export function wantsCsv(url: URL, accept: string | null): boolean {
  const format = url.searchParams.get('format');
  if (format !== null) return format === 'csv';
  return (accept ?? '').split(',')[0]?.trim().startsWith('text/csv') ?? false;
}

/** A finished CSV file as a download response (machine files: no BOM, no locale; the fleet exports). */
export function csvFileResponse(text: string, filename: string): Response {
  return new Response(text, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}
