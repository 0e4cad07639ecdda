import type { Logger } from 'pino';
import type { Tile } from '../../ui/tile.ts';
import { overviewSearch, type OverviewQuery } from '../../ui/overview-query.ts';
import type { OverviewCountsView, OverviewView } from '../../ui/overview-view.ts';
import type { CountsCache } from './overview.ts';

/**
 * What the overview's stream sends: `page` when the tiles on the page (or their number) changed, with the page's tiles
 * only; `tiles` with just the tiles of the page that changed; `counts` when a count changed.
 */
export type OverviewEvent =
  | { readonly kind: 'page'; readonly page: Omit<OverviewView, 'counts'> }
  | { readonly kind: 'tiles'; readonly tiles: Tile[] }
  | { readonly kind: 'counts'; readonly counts: OverviewCountsView };

/** Receives the changes of one view. */
export type OverviewListener = (event: OverviewEvent) => void;

/** Reads one view; views of one poll share `cache`. */
export type ViewReader = (query: OverviewQuery, cache: CountsCache) => Promise<OverviewView>;

interface Watched {
  readonly query: OverviewQuery;
  readonly listeners: Set<OverviewListener>;
  last?: { view: OverviewView; keys: string; counts: string; tiles: Map<string, string> };
}

function pageOf(view: OverviewView): Omit<OverviewView, 'counts'> {
  return { tiles: view.tiles, total: view.total, page: view.page, pages: view.pages };
}

/**
 * One poller per process for the overview's live updates. It reads each view somebody watches (a view: filters and
 * page, as the URL says) every `intervalMs`, compares it with what it sent before and hands each listener only the
 * changes of what its page shows, so an open overview costs one page of tiles per change, not the fleet. Watchers of
 * the same view share its reads, and views of the same scope share their counts; a read that took long delays the next
 * timed one by twice its time, so the feed never keeps the database busy. (SQLite has no change notifications.)
 */
export class OverviewFeed {
  readonly #views = new Map<string, Watched>();
  #timer: NodeJS.Timeout | undefined;
  #reading = false;
  /** No timed read before this time: a slow read (a big fleet on a busy database) spaces the next ones out. */
  #notBefore = 0;

  constructor(
    private readonly read: ViewReader,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Watches a view; the listener first gets its current page and counts when known. Returns the unsubscribe function. */
  subscribe(query: OverviewQuery, listener: OverviewListener): () => void {
    const key = overviewSearch(query, { page: query.page });
    let watched = this.#views.get(key);
    if (!watched) this.#views.set(key, (watched = { query, listeners: new Set() }));
    watched.listeners.add(listener);
    if (watched.last) {
      listener({ kind: 'page', page: pageOf(watched.last.view) });
      listener({ kind: 'counts', counts: watched.last.view.counts });
    }
    this.#timer ??= setInterval(() => {
      if (Date.now() >= this.#notBefore) void this.#poll();
    }, this.intervalMs);
    void this.#poll();
    const own = watched;
    return () => {
      own.listeners.delete(listener);
      if (own.listeners.size === 0) this.#views.delete(key);
      if (this.#views.size === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  /** Stops polling and drops every listener (the process is shutting down). */
  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#views.clear();
  }

  async #poll(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    const cache: CountsCache = new Map();
    const started = Date.now();
    try {
      for (const watched of [...this.#views.values()]) {
        if (watched.listeners.size === 0) continue;
        try {
          this.#publish(watched, await this.read(watched.query, cache));
        } catch (error) {
          this.log.warn({ err: error }, 'overview feed: reading a view failed');
        }
      }
    } finally {
      this.#reading = false;
      // the feed reads at most about a third of the time, whatever the fleet's size
      this.#notBefore = Date.now() + 2 * (Date.now() - started);
    }
  }

  #publish(watched: Watched, view: OverviewView): void {
    const keys = JSON.stringify([view.tiles.map((t) => t.key), view.total, view.page, view.pages]);
    const counts = JSON.stringify(view.counts);
    const tiles = new Map(view.tiles.map((t) => [t.key, JSON.stringify(t)]));
    const before = watched.last;
    watched.last = { view, keys, counts, tiles };
    const events: OverviewEvent[] = [];
    if (!before || before.keys !== keys) events.push({ kind: 'page', page: pageOf(view) });
    else {
      const changed = view.tiles.filter((t) => before.tiles.get(t.key) !== tiles.get(t.key));
      if (changed.length > 0) events.push({ kind: 'tiles', tiles: changed });
    }
    if (!before || before.counts !== counts) events.push({ kind: 'counts', counts: view.counts });
    for (const event of events) for (const listener of watched.listeners) listener(event);
  }
}
