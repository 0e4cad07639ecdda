import type { OverviewStateParam } from './overview-query.ts';
import type { Tile } from './tile.ts';

/** Counts of the overview's scope: stations by connection, tiles by state. Plain JSON (sent over SSE). */
export interface OverviewCountsView {
  readonly stations: number;
  readonly online: number;
  readonly offline: number;
  readonly tiles: number;
  readonly states: Readonly<Record<OverviewStateParam, number>>;
}

/** One page of the overview: counts, the tiles shown and where the page stands. Plain JSON. */
export interface OverviewView {
  readonly counts: OverviewCountsView;
  readonly tiles: Tile[];
  /** Tiles matching the filters, on every page. */
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}
