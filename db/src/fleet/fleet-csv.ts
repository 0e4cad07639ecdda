import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { InvalidInputError } from '../errors.ts';

/** One data row of a CSV file: its line number (for messages) and its cells by header name. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

/** A parsed CSV file with a header row. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
}

/** Most rows one import takes (a fleet of 100,000 stations is ten files). */
export const MAX_IMPORT_ROWS = 10_000;

/**
 * Parses CSV as spreadsheets write it: RFC 4180 quoting, a UTF-8 byte order mark, `,` `;` or tab as separator (read
 * from the header line), CRLF or LF, blank lines skipped. Every header must be one of `columns` (case as given) and
 * `required` must be there; errors name the line.
 */
export function parseCsv(text: string, columns: readonly string[], required: readonly string[]): CsvTable {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(body, { delimiter, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (error) {
    throw new InvalidInputError(`the CSV file is malformed: ${(error as Error).message}`);
  }
  const [header, ...data] = rows;
  if (!header) throw new InvalidInputError('the CSV file is empty: it needs a header row');
  const names = header.record.map((name) => name.trim());
  for (const name of names) {
    if (!columns.includes(name)) throw new InvalidInputError(`unknown column "${name}" in the header; columns are ${columns.join(', ')}`);
  }
  if (new Set(names).size !== names.length) throw new InvalidInputError('a column appears twice in the header');
  for (const name of required) if (!names.includes(name)) throw new InvalidInputError(`the header needs a "${name}" column`);
  if (data.length > MAX_IMPORT_ROWS) throw new InvalidInputError(`at most ${MAX_IMPORT_ROWS} rows per import, the file has ${data.length}`);
  return {
    header: names,
    records: data.map(({ record, info }) => ({ line: info.lines, cells: Object.fromEntries(names.map((name, j) => [name, (record[j] ?? '').trim()])) })),
  };
}

/** Writes a CSV file: header and rows, RFC 4180 quoting, LF line ends, UTF-8 without BOM (re-importable as is). */
export function formatCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  return stringify([header, ...rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))], { eof: true });
}

/** The error of a cell, naming line and column. */
export function cellError(record: CsvRecord, column: string, message: string): InvalidInputError {
  return new InvalidInputError(`line ${record.line}, ${column}: ${message}`);
}
