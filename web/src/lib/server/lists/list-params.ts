import type { ListQuery } from '@csms/db';
import { z } from 'zod';

/** The page sizes a list offers; anything else falls back to the default. */
export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** The default page size. */
export const DEFAULT_PAGE_SIZE = 50;

/** What a list page accepts in its URL besides the common parameters. */
export interface ListParamsSpec<Sort extends string> {
  readonly sorts: readonly Sort[];
  readonly defaultSort: Sort;
  readonly defaultDir?: 'asc' | 'desc';
}

/** A list's query as parsed from the URL: every field valid, each bad or missing one at its default. */
export type ListParams<Sort extends string> = ListQuery<Sort>;

const PAGE_LIMIT = 1_000_000;

/**
 * Parses `?q=&sort=&dir=&page=&size=` of an admin list. Each parameter is checked on its own with zod and a bad one
 * (an unknown sort key, a page of "x", a size that is not offered) takes its default, so a hand-edited or stale URL
 * shows the list instead of an error page.
 */
export function parseListParams<Sort extends string>(url: URL, spec: ListParamsSpec<Sort>): ListParams<Sort> {
  const get = (name: string) => url.searchParams.get(name) ?? undefined;
  const field = <T>(schema: z.ZodType<T>, value: string | undefined, fallback: T): T => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback;
  };
  return {
    q: field(z.string().max(100).transform((q) => q.trim()), get('q'), ''),
    sort: field(z.enum(spec.sorts as [Sort, ...Sort[]]), get('sort'), spec.defaultSort),
    dir: field(z.enum(['asc', 'desc']), get('dir'), spec.defaultDir ?? 'asc'),
    page: field(z.coerce.number().int().min(1).max(PAGE_LIMIT), get('page'), 1),
    size: field(z.coerce.number().int().refine((n) => (PAGE_SIZES as readonly number[]).includes(n)), get('size'), DEFAULT_PAGE_SIZE),
  };
}

/** What a list component needs to draw its search box, sort links and pager. */
export interface ListView<Sort extends string = string> extends ListParams<Sort> {
  readonly total: number;
  readonly pages: number;
}

/** The list's parameters and total, for the page's data. */
export function listView<Sort extends string>(params: ListParams<Sort>, total: number): ListView<Sort> {
  return { ...params, total, pages: Math.max(1, Math.ceil(total / params.size)) };
}
