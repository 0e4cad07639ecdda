import type { DriverStatements, SqlValue } from './driver-statements.ts';
import { fixedChunks, type ColumnType, type SqlDialect } from './sql-dialect.ts';

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
  const encode = (value: SqlValue) => (typeof value === 'boolean' ? d.bool(value) : value instanceof Date ? d.date(value) : value);
  return {
    /** Existing keys among `keys`, with whether the row is soft-deleted (stations). */
    async existing(table: 'charge_point' | 'charge_tag', key: string, keys: readonly string[]): Promise<Map<string, { deleted: boolean }>> {
      const found = new Map<string, { deleted: boolean }>();
      const deleted = table === 'charge_point' ? 'deleted_at' : 'NULL';
      for (const part of fixedChunks([...new Set(keys)])) {
        const rows = await statements.all<{ k: string; d: unknown }>(`SELECT ${key} AS k, ${deleted} AS d FROM ${table} WHERE ${key} IN (${d.list(part.length)})`, part);
        for (const row of rows) found.set(row.k, { deleted: row.d !== null && row.d !== undefined });
      }
      return found;
    },

    /** Inserts new rows and updates existing ones (only the given columns; `keep` columns keep theirs when null). */
    async write(input: FleetRows): Promise<void> {
      const names = [input.key, ...input.columns.map((c) => c.column)];
      for (const part of fixedChunks(input.inserts)) {
        const sql = `INSERT INTO ${input.table} (${[...names, 'created_at', 'updated_at'].join(', ')}) VALUES ${d.tuples(part.length, [...names, 'a', 'b'].map(() => 'text'))}`;
        await statements.run(sql, part.flatMap((row) => [...row.map(encode), d.date(input.at), d.date(input.at)]));
      }
      const types = ['text' as const, ...input.columns.map((c) => c.type)];
      for (const part of fixedChunks(input.updates)) {
        // the time's placeholder comes after the tuples' in the text, so it is the last parameter on both dialects
        const at = d.name === 'sqlite' ? '?' : `$${part.length * types.length + 1}`;
        const sets = [
          ...input.columns.map((c) => `${c.column} = ${c.onNull === 'keep' ? `COALESCE(v_${c.column}, ${c.column})` : `v_${c.column}`}`),
          `updated_at = ${at}`,
          ...(input.restore ? ['deleted_at = NULL'] : []),
        ];
        const sql =
          `WITH v(${names.map((n) => `v_${n}`).join(', ')}) AS (VALUES ${d.tuples(part.length, types, 1, true)}) ` +
          `UPDATE ${input.table} SET ${sets.join(', ')} FROM v WHERE ${input.key} = v_${input.key}`;
        await statements.run(sql, [...part.flatMap((row) => row.map(encode)), d.date(input.at)]);
      }
    },
  };
}
