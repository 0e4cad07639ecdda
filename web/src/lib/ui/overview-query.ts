import { OCPP_VERSIONS, type OcppVersion } from '@csms/temporal/ocpp-version';

/** A tile state as the overview's URL names it (`?state=faulted`). */
export type OverviewStateParam = 'charging' | 'available' | 'faulted' | 'reserved' | 'unavailable' | 'occupied' | 'unknown';

/** Every state of the filter, the counts' order. */
export const OVERVIEW_STATE_PARAMS: readonly OverviewStateParam[] = ['charging', 'available', 'faulted', 'reserved', 'unavailable', 'occupied', 'unknown'];

/** Tiles on one page of the overview. */
export const OVERVIEW_PAGE_SIZE = 60;

/** Longest search text taken (longer input is cut, not refused: it is a filter, not stored). */
const MAX_SEARCH = 100;

/** What the overview shows, as its URL says: a link reproduces the view. */
export interface OverviewQuery {
  /** Part of a station id, a station name or the tag of an open session. */
  readonly q?: string;
  readonly state?: OverviewStateParam;
  /** Stations connected now, or not. */
  readonly conn?: 'online' | 'offline';
  /** The OCPP version of the protocol filter. */
  readonly protocol?: OcppVersion;
  readonly node?: string;
  /** 1-based. */
  readonly page: number;
}

/** A query and the parameters it could not use (shown to the operator, not silently dropped). */
export interface ParsedOverviewQuery {
  readonly query: OverviewQuery;
  readonly ignored: string[];
}

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined | null {
  if (value === null || value === '') return undefined;
  return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/**
 * Reads the overview's query from URL parameters. Empty ones (a GET form's untouched fields) mean no filter; a value
 * that means nothing (`state=purple`, `page=x`) is left out and named in `ignored`.
 */
export function parseOverviewQuery(params: URLSearchParams): ParsedOverviewQuery {
  const ignored: string[] = [];
  const q = params.get('q')?.trim().slice(0, MAX_SEARCH) || undefined;
  const state = pick(params.get('state'), OVERVIEW_STATE_PARAMS);
  const conn = pick(params.get('conn'), ['online', 'offline'] as const);
  const protocol = pick(params.get('protocol'), OCPP_VERSIONS);
  const node = params.get('node')?.trim().slice(0, MAX_SEARCH) || undefined;
  const pageText = params.get('page');
  let page = 1;
  if (pageText !== null && pageText !== '') {
    if (/^[1-9][0-9]{0,6}$/.test(pageText)) page = Number(pageText);
    else ignored.push('page');
  }
  if (state === null) ignored.push('state');
  if (conn === null) ignored.push('conn');
  if (protocol === null) ignored.push('protocol');
  return {
    query: { ...(q ? { q } : {}), ...(state ? { state } : {}), ...(conn ? { conn } : {}), ...(protocol ? { protocol } : {}), ...(node ? { node } : {}), page },
    ignored,
  };
}

/** The URL parameters of a query (defaults left out), with `changes` applied; a change of filter goes back to page 1. */
export function overviewSearch(query: OverviewQuery, changes: Partial<Record<keyof OverviewQuery, string | number | undefined>> = {}): string {
  const merged: Record<string, string | number | undefined> = { ...query, ...changes };
  if (!('page' in changes)) merged.page = undefined;
  const params = new URLSearchParams();
  for (const key of ['q', 'state', 'conn', 'protocol', 'node', 'page'] as const) {
    const value = merged[key];
    if (value === undefined || value === '' || (key === 'page' && value === 1)) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
