import type { SqlValue } from '../bulk/driver-statements.ts';
import type { FleetRows } from '../bulk/fleet-rows.ts';
import type { ColumnType } from '../bulk/sql-dialect.ts';
import type { Database } from '../database.ts';
import { ConflictError, InvalidInputError } from '../errors.ts';
import { cellError, parseCsv, type CsvRecord } from './fleet-csv.ts';

/** `upsert`: add new rows and change existing ones; `create`: add only, refusing the file if any row exists. */
export type ImportMode = 'upsert' | 'create';

/** What an import did. */
export interface ImportReport {
  /** Data rows in the file. */
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
}

/** How one CSV column maps to a table column. */
export interface FleetColumnSpec<R> {
  readonly csv: string;
  readonly column: string;
  readonly type: ColumnType;
  /**
   * The value of a non-empty cell; throws a message for a bad one. An empty cell is null: stored as null for
   * `set` columns, and for `keep` columns left as it is on an existing row and `defaultValue` on a new one.
   */
  readonly parse: (text: string) => SqlValue;
  readonly onNull: 'keep' | 'set';
  /** A new row's value when its cell is empty (a column absent from the file takes the table's own default). */
  readonly defaultValue?: SqlValue;
  /** A new row needs a value here (no default). */
  readonly requiredForNew?: boolean;
  /** The cell of an exported row. */
  readonly export: (row: R) => string | number | boolean | null;
}

/** A table's import and export: key column, columns, and the hook that derives values from a whole row. */
export interface FleetTableSpec<R> {
  readonly table: FleetRows['table'];
  readonly keyCsv: string;
  readonly validateKey: (key: string) => void;
  readonly columns: readonly FleetColumnSpec<R>[];
  readonly restore: boolean;
  readonly noun: string;
  /** Adjusts a row's values once all cells are read (a station's password hash needs its id). */
  readonly finish?: (key: string, values: Map<string, SqlValue>, isNew: boolean) => void;
}

function readRecord<R>(spec: FleetTableSpec<R>, record: CsvRecord, header: readonly string[]): { key: string; values: Map<string, SqlValue> } {
  const key = record.cells[spec.keyCsv] ?? '';
  try {
    spec.validateKey(key);
  } catch (error) {
    throw cellError(record, spec.keyCsv, (error as Error).message);
  }
  const values = new Map<string, SqlValue>();
  for (const column of spec.columns) {
    if (!header.includes(column.csv)) continue;
    const text = record.cells[column.csv] ?? '';
    try {
      values.set(column.csv, text === '' ? null : column.parse(text));
    } catch (error) {
      throw cellError(record, column.csv, (error as Error).message);
    }
  }
  return { key, values };
}

/**
 * Imports a CSV file of one fleet table in one DB transaction, thousands of rows per multi-row statement: every row
 * is checked first, and the first bad one refuses the whole file with its line and column, so nothing is half
 * written. Columns absent from the header are left as they are on existing rows.
 */
export async function importFleetCsv<R>(db: Database, spec: FleetTableSpec<R>, csv: string, options: { mode?: ImportMode; now?: Date } = {}): Promise<ImportReport> {
  const mode = options.mode ?? 'upsert';
  const table = parseCsv(csv, [spec.keyCsv, ...spec.columns.map((c) => c.csv)], [spec.keyCsv]);
  const read = table.records.map((record) => ({ record, ...readRecord(spec, record, table.header) }));
  const seen = new Map<string, number>();
  for (const { key, record } of read) {
    const first = seen.get(key);
    if (first !== undefined) throw cellError(record, spec.keyCsv, `"${key}" appears twice (also on line ${first})`);
    seen.set(key, record.line);
  }
  // absent columns keep what existing rows have and take the table's defaults on new ones; a required one is checked
  const given = spec.columns.filter((c) => table.header.includes(c.csv) || (c.requiredForNew && c.onNull === 'keep'));
  return db.transaction(async (tx) => {
    const existing = await tx.bulk.fleetKeys(spec.table, read.map((r) => r.key));
    const active = (key: string) => existing.has(key) && !existing.get(key)!.deleted;
    if (mode === 'create') {
      const taken = read.filter((r) => active(r.key)).map((r) => r.key);
      if (taken.length > 0) throw new ConflictError(`${taken.length} ${spec.noun}(s) exist already: ${taken.slice(0, 10).join(', ')}${taken.length > 10 ? ', …' : ''}`);
    }
    const inserts: SqlValue[][] = [];
    const updates: SqlValue[][] = [];
    for (const { key, values, record } of read) {
      // a soft-deleted row is restored with what it had; only a row that never existed takes defaults
      const isNew = !existing.has(key);
      spec.finish?.(key, values, isNew);
      const row = given.map((column) => {
        const value = values.get(column.csv) ?? null;
        if (value !== null || !isNew) return value;
        if (column.requiredForNew) throw cellError(record, column.csv, `a new ${spec.noun} needs one`);
        return column.defaultValue ?? null;
      });
      (isNew ? inserts : updates).push([key, ...row]);
    }
    await tx.bulk.upsertFleet({
      table: spec.table,
      key: spec.table === 'charge_point' ? 'id' : 'tag_id',
      columns: given.map((c) => ({ column: c.column, type: c.type, onNull: c.onNull })),
      inserts,
      updates,
      at: options.now ?? new Date(),
      restore: spec.restore,
    });
    const created = read.filter((r) => !active(r.key)).length;
    return { rows: read.length, created, updated: read.length - created };
  });
}

/** Reads a boolean cell: true/false, yes/no, 1/0 (any case). */
export function parseBoolean(text: string): boolean {
  const value = text.toLowerCase();
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  throw new InvalidInputError('use true or false');
}

/** Reads a whole number between `min` and `max`. */
export function parseWhole(min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) throw new InvalidInputError(`a whole number from ${min} to ${max}`);
    return value;
  };
}

/** Reads text of at most `max` characters, or one of `allowed`. */
export function parseText(max: number, allowed?: readonly string[]): (text: string) => string {
  return (text) => {
    if (allowed && !allowed.includes(text)) throw new InvalidInputError(`one of ${allowed.join(', ')}`);
    if (text.length > max) throw new InvalidInputError(`at most ${max} characters`);
    return text;
  };
}
