import { raw, type EntityName, type FilterQuery } from '@mikro-orm/core';
import type { QueryBuilder, SqlEntityManager } from '@mikro-orm/knex';
import { InvalidInputError } from '../errors.ts';

/** One page of an admin list asked for: a search text, a whitelisted sort key, a direction and a 1-based page. */
export interface ListQuery<Sort extends string = string> {
  /** Matched case-insensitively as a substring of the list's search columns; empty: everything. */
  readonly q: string;
  readonly sort: Sort;
  readonly dir: 'asc' | 'desc';
  /** 1-based; a page past the end returns no rows (and the total). */
  readonly page: number;
  readonly size: number;
}

/** The rows of one page and how many rows match in all. */
export interface ListPage<T> {
  readonly rows: T[];
  readonly total: number;
}

/** The largest page the repositories return (the CSV export walks pages of this size). */
export const MAX_PAGE_SIZE = 1000;

/**
 * How a list pages: the SQL columns (of the alias `e`) its search looks in, and for each sort key the column it orders
 * by, `natural` for names with a number at the end ("load 2" before "load 10").
 */
export interface ListSpec<Sort extends string> {
  readonly search: readonly string[];
  readonly sorts: Readonly<Record<Sort, { readonly column: string; readonly natural?: boolean }>>;
  /** The column that breaks ties, so that pages never overlap (the primary key). */
  readonly tieBreak: string;
  /** A fixed SQL condition on `e` besides the `where` object (a subquery the ORM's filter cannot say), no parameters. */
  readonly filterSql?: string;
}

/** `text` as a LIKE pattern that matches it literally anywhere (escape character `\`). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The ORDER BY terms of a sort: a natural sort orders by the text without its trailing digits, then by the digits'
 * count, then by the text, which puts "CP-9" before "CP-10"; `rtrim(x, chars)` and `length` mean the same on SQLite
 * and PostgreSQL, so no dialect branch and no extra column are needed.
 */
function orderTerms(column: string, natural: boolean, dir: 'asc' | 'desc'): Record<string, 'asc' | 'desc'> {
  if (!natural) return { [raw(`e.${column}`)]: dir };
  return {
    [raw(`lower(rtrim(e.${column}, '0123456789'))`)]: dir,
    [raw(`length(e.${column})`)]: dir,
    [raw(`e.${column}`)]: dir,
  };
}

/**
 * Runs one page of `entity` (alias `e`) under `where` by `spec`: search, sort and LIMIT/OFFSET in SQL, plus a COUNT
 * of the same filter. A sort key outside the spec is refused (the web layer parses to known keys before this).
 */
export async function pageOf<Entity extends object, Sort extends string>(
  em: SqlEntityManager,
  entity: EntityName<Entity>,
  where: FilterQuery<Entity>,
  spec: ListSpec<Sort>,
  query: ListQuery<Sort>,
): Promise<ListPage<Entity>> {
  const sort = Object.hasOwn(spec.sorts, query.sort) ? spec.sorts[query.sort] : undefined;
  if (!sort) throw new InvalidInputError(`cannot sort by "${query.sort}"`);
  if (!Number.isSafeInteger(query.page) || query.page < 1) throw new InvalidInputError('page must be a whole number ≥ 1');
  if (!Number.isSafeInteger(query.size) || query.size < 1 || query.size > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`size must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const filtered = (): QueryBuilder<Entity, 'e'> => {
    const qb = em.createQueryBuilder(entity, 'e').where(where);
    if (spec.filterSql) qb.andWhere(spec.filterSql);
    const q = query.q.trim();
    if (q !== '' && spec.search.length > 0) {
      const pattern = containsPattern(q);
      const clause = spec.search.map((column) => `lower(e.${column}) like ? escape '\\'`).join(' or ');
      qb.andWhere(`(${clause})`, spec.search.map(() => pattern));
    }
    return qb;
  };
  const dir = query.dir === 'desc' ? 'desc' : 'asc';
  // one after the other: inside a transaction both share one connection
  const rows = await filtered()
    .orderBy({ ...orderTerms(sort.column, sort.natural ?? false, dir), [raw(`e.${spec.tieBreak}`)]: dir })
    .limit(query.size)
    .offset((query.page - 1) * query.size)
    .getResultList();
  const total = await filtered().getCount();
  return { rows, total };
}
