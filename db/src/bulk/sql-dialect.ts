import type { SqlValue } from './driver-statements.ts';

/** Column types of the rows handed to a statement, for PostgreSQL's casts. */
export type ColumnType = 'text' | 'int' | 'bigint' | 'float' | 'timestamptz' | 'boolean' | 'jsonb';

/** Most rows one statement takes; more run as several statements of the same text. */
const MAX_ROWS_PER_STATEMENT = 2000;

/** Splits `rows` into slices of at most {@link MAX_ROWS_PER_STATEMENT}. */
export function* statementChunks<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let offset = 0; offset < rows.length; offset += MAX_ROWS_PER_STATEMENT) yield rows.slice(offset, offset + MAX_ROWS_PER_STATEMENT);
}

/**
 * What differs between SQLite and PostgreSQL in the hot path's hand-written SQL. Rows travel as one JSON array
 * parameter that the database unpacks (`json_each` / `json_array_elements`): one statement text per kind for any
 * number of rows, prepared once, and one parameter to bind instead of thousands. Dates are stored as MikroORM stores
 * them (SQLite: milliseconds since the epoch; PostgreSQL: timestamptz).
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgresql';
  /** Placeholder of parameter `n` (1-based; SQLite's numbered `?n`, PostgreSQL's `$n`). */
  param(n: number): string;
  /** A date as a plain parameter. */
  date(value: Date): SqlValue;
  /** A date column as the driver returns it (SQLite: milliseconds; PostgreSQL: a Date or its text). */
  readDate(value: unknown): Date;
  bool(value: boolean): SqlValue;
  /** The literal of a boolean in SQL text. */
  literal(value: boolean): string;
  /**
   * A row source over the JSON array in parameter `n`: `SELECT <cells as columns> FROM …`, one column per entry of
   * `columns` (each row of the array is an array of cells in that order).
   */
  rows(columns: readonly (readonly [name: string, type: ColumnType])[], n?: number): string;
  /** The values of parameter `n` of {@link rows}: the rows as JSON (dates encoded for the dialect). */
  json(rows: readonly (readonly SqlValue[])[]): string;
  /** `IN (…)` over a JSON array of plain values in parameter `n`. */
  inList(n?: number): string;
}

// String.prototype.isWellFormed / toWellFormed: in Node 20 (V8 11.3), typed from lib ES2024 which the build does not use
type MaybeIllFormed = string & { isWellFormed(): boolean; toWellFormed(): string };

/**
 * The rows with every lone UTF-16 surrogate replaced by U+FFFD. A frame may carry one (`"\ud967"` is valid JSON);
 * `JSON.stringify` keeps it as an escape, which PostgreSQL's JSON parser refuses (the whole batch failed), and no
 * UTF-8 column can hold it. The rows are returned as they are when every string is well formed, the usual case.
 */
function wellFormed(rows: readonly (readonly SqlValue[])[]): readonly (readonly SqlValue[])[] {
  const ill = (cell: SqlValue) => typeof cell === 'string' && !(cell as MaybeIllFormed).isWellFormed();
  if (!rows.some((row) => row.some(ill))) return rows;
  return rows.map((row) => row.map((cell) => (ill(cell) ? (cell as MaybeIllFormed).toWellFormed() : cell)));
}

const memo = new Map<string, string>();
function remember(key: string, build: () => string): string {
  let text = memo.get(key);
  if (text === undefined) memo.set(key, (text = build()));
  return text;
}

const sqlite: SqlDialect = {
  name: 'sqlite',
  param: (n) => `?${n}`,
  date: (value) => value.getTime(),
  readDate: (value) => new Date(Number(value)),
  bool: (value) => (value ? 1 : 0),
  literal: (value) => (value ? '1' : '0'),
  rows: (columns, n = 1) =>
    remember(`s:${n}:${columns.map(([c]) => c).join(',')}`, () => `SELECT ${columns.map(([name], i) => `value->>${i} AS ${name}`).join(', ')} FROM json_each(?${n})`),
  json: (rows) => JSON.stringify(wellFormed(rows).map((row) => row.map((cell) => (cell instanceof Date ? cell.getTime() : cell)))),
  inList: (n = 1) => `IN (SELECT value FROM json_each(?${n}))`,
};

const postgresql: SqlDialect = {
  name: 'postgresql',
  param: (n) => `$${n}`,
  date: (value) => value,
  readDate: (value) => (value instanceof Date ? value : new Date(String(value))),
  bool: (value) => value,
  literal: (value) => (value ? 'true' : 'false'),
  rows: (columns, n = 1) =>
    remember(
      `p:${n}:${columns.map(([c, t]) => `${c}:${t}`).join(',')}`,
      () => `SELECT ${columns.map(([name, type], i) => `(value->>${i})::${type === 'float' ? 'float8' : type} AS ${name}`).join(', ')} FROM json_array_elements($${n}::json) AS j(value)`,
    ),
  json: (rows) => JSON.stringify(wellFormed(rows)),
  inList: (n = 1) => `IN (SELECT json_array_elements_text($${n}::json))`,
};

/** The dialect helper of a database. */
export function sqlDialect(name: 'sqlite' | 'postgresql'): SqlDialect {
  return name === 'sqlite' ? sqlite : postgresql;
}
