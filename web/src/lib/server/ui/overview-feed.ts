import type { Logger } from 'pino';
import type { Tile } from '../../ui/tile.ts';

/** Receives every changed snapshot of the tiles. */
export type TileListener = (tiles: Tile[]) => void;

/**
 * One poller per process for the overview's live updates: while anybody listens it reads the tiles every `intervalMs`
 * and hands a changed snapshot to every listener, so a hundred open overviews cost one set of queries per interval.
 * (SQLite has no change notifications; polling the three small queries is cheap.)
 */
export class OverviewFeed {
  readonly #listeners = new Set<TileListener>();
  #timer: NodeJS.Timeout | undefined;
  #last = '';
  #lastTiles: Tile[] | undefined;
  #reading = false;

  constructor(
    private readonly read: () => Promise<Tile[]>,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Adds a listener; it gets the current snapshot at once when one is known. Returns the unsubscribe function. */
  subscribe(listener: TileListener): () => void {
    this.#listeners.add(listener);
    if (this.#lastTiles) listener(this.#lastTiles);
    this.#timer ??= setInterval(() => void this.#poll(), this.intervalMs);
    void this.#poll();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = undefined;
        this.#last = '';
        this.#lastTiles = undefined;
      }
    };
  }

  /** Stops polling and drops every listener (the process is shutting down). */
  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
  }

  async #poll(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      const tiles = await this.read();
      const text = JSON.stringify(tiles);
      if (text === this.#last) return;
      this.#last = text;
      this.#lastTiles = tiles;
      for (const listener of this.#listeners) listener(tiles);
    } catch (error) {
      this.log.warn({ err: error }, 'overview feed: reading the tiles failed');
    } finally {
      this.#reading = false;
    }
  }
}
