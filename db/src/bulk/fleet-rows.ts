import type { DriverStatements, SqlValue } from './driver-statements.ts';
import { statementChunks, type ColumnType, type SqlDialect } from './sql-dialect.ts';

/** A column of a fleet import: its name and type in the table, and what a null value means on an existing row. */
export interface FleetColumn {
  readonly column: string;
  readonly type: ColumnType;
  /** `keep`: a null value leaves an existing row's value (non-null columns, secrets); `set`: null is stored. */
  readonly onNull: 'keep' | 'set';
}

/** Rows of one table to write by primary key: the same columns for every row (booleans and dates as in JS). */
export interface FleetRows {
  readonly table: 'charge_point' | 'charge_tag';
  readonly key: string;
  readonly columns: readonly FleetColumn[];
  /** Rows that do not exist yet: inserted (no nulls in columns that need a value). */
  readonly inserts: readonly (readonly SqlValue[])[];
  /** Rows that exist (or are soft-deleted): updated in the given columns. */
  readonly updates: readonly (readonly SqlValue[])[];
  /** Set on insert and on update. */
  readonly at: Date;
  /** Undo a soft delete (stations). */
  readonly restore: boolean;
}

/** Fleet provisioning as multi-row statements: which keys exist, one INSERT and one UPDATE … FROM per chunk. */
export function createFleetRows(dialect: SqlDialect, statements: DriverStatements) {
  const d = dialect;
  return {
    /** Existing keys among `keys`, with whether the row is soft-deleted (stations). */
    async existing(table: 'charge_point' | 'charge_tag', key: string, keys: readonly string[]): Promise<Map<string, { deleted: boolean }>> {
      const found = new Map<string, { deleted: boolean }>();
      const deleted = table === 'charge_point' ? 'deleted_at' : 'NULL';
      for (const part of statementChunks([...new Set(keys)])) {
        const rows = await statements.all<{ k: string; d: unknown }>(`SELECT ${key} AS k, ${deleted} AS d FROM ${table} WHERE ${key} ${d.inList(1)}`, [JSON.stringify(part)]);
        for (const row of rows) found.set(row.k, { deleted: row.d !== null && row.d !== undefined });
      }
      return found;
    },

    /** Inserts new rows and updates existing ones (only the given columns; `keep` columns keep theirs when null). */
    async write(input: FleetRows): Promise<void> {
      const columns: [string, ColumnType][] = [[input.key, 'text'], ...input.columns.map((c): [string, ColumnType] => [c.column, c.type])];
      const insert =
        `INSERT INTO ${input.table} (${[...columns.map(([c]) => c), 'created_at', 'updated_at'].join(', ')}) ` +
        `SELECT *, ${d.param(2)}, ${d.param(2)} FROM (${d.rows(columns)}) AS r`;
      for (const part of statementChunks(input.inserts)) await statements.run(insert, [d.json(part), d.date(input.at)]);
      const sets = [
        ...input.columns.map((c) => `${c.column} = ${c.onNull === 'keep' ? `COALESCE(v_${c.column}, ${c.column})` : `v_${c.column}`}`),
        `updated_at = ${d.param(2)}`,
        ...(input.restore ? ['deleted_at = NULL'] : []),
      ];
      const update =
        `WITH v AS (${d.rows(columns.map(([c, t]): [string, ColumnType] => [`v_${c}`, t]))}) ` +
        `UPDATE ${input.table} SET ${sets.join(', ')} FROM v WHERE ${input.key} = v_${input.key}`;
      for (const part of statementChunks(input.updates)) await statements.run(update, [d.json(part), d.date(input.at)]);
    },
  };
}
