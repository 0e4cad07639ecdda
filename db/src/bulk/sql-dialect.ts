import type { SqlValue } from './driver-statements.ts';

/** Batch sizes of the multi-row statements: a batch of n rows runs as a few statements of these sizes, so each dialect holds at most five prepared shapes per statement kind. */
const CHUNK_SIZES = [256, 64, 16, 4, 1] as const;

/** Splits `rows` into slices whose lengths are {@link CHUNK_SIZES} (largest first). */
export function* fixedChunks<T>(rows: readonly T[]): Generator<readonly T[]> {
  let offset = 0;
  for (const size of CHUNK_SIZES) {
    while (rows.length - offset >= size) {
      yield rows.slice(offset, offset + size);
      offset += size;
    }
  }
}

/**
 * What differs between SQLite and PostgreSQL in the hot path's hand-written SQL: placeholders, how dates and
 * booleans are stored (SQLite: milliseconds since the epoch and 0/1, as MikroORM stores them), and casts of
 * parameters whose type PostgreSQL cannot infer.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgresql';
  date(value: Date): SqlValue;
  dateOrNull(value: Date | null | undefined): SqlValue;
  bool(value: boolean): SqlValue;
  /**
   * `rows` tuples of `types.length` placeholders, numbered from `first` (PostgreSQL casts each one to its type, which
   * a `VALUES` list outside an INSERT needs).
   */
  tuples(rows: number, types: readonly ColumnType[], first?: number, cast?: boolean): string;
  /** A list of `count` placeholders numbered from `first`, for `IN (…)`. */
  list(count: number, first?: number): string;
}

/** Column types of the parameters, for PostgreSQL's casts. */
export type ColumnType = 'text' | 'int' | 'bigint' | 'float' | 'timestamptz' | 'boolean';

const memo = new Map<string, string>();
function remember(key: string, build: () => string): string {
  let text = memo.get(key);
  if (text === undefined) memo.set(key, (text = build()));
  return text;
}

const sqlite: SqlDialect = {
  name: 'sqlite',
  date: (value) => value.getTime(),
  dateOrNull: (value) => (value ? value.getTime() : null),
  bool: (value) => (value ? 1 : 0),
  tuples: (rows, types) =>
    remember(`s:${rows}:${types.length}`, () => {
      const tuple = `(${types.map(() => '?').join(', ')})`;
      return Array.from({ length: rows }, () => tuple).join(', ');
    }),
  list: (count) => remember(`sl:${count}`, () => Array.from({ length: count }, () => '?').join(', ')),
};

const postgresql: SqlDialect = {
  name: 'postgresql',
  date: (value) => value,
  dateOrNull: (value) => value ?? null,
  bool: (value) => value,
  tuples: (rows, types, first = 1, cast = false) =>
    remember(`p:${rows}:${types.join(',')}:${first}:${cast}`, () => {
      let n = first;
      return Array.from({ length: rows }, () => `(${types.map((type) => `$${n++}${cast ? `::${type}` : ''}`).join(', ')})`).join(', ');
    }),
  list: (count, first = 1) => remember(`pl:${count}:${first}`, () => Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ')),
};

/** The dialect helper of a database. */
export function sqlDialect(name: 'sqlite' | 'postgresql'): SqlDialect {
  return name === 'sqlite' ? sqlite : postgresql;
}
