import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Tile } from '../../ui/tile.ts';
import type { OverviewView } from '../../ui/overview-view.ts';
import type { OverviewQuery } from '../../ui/overview-query.ts';
import { OverviewFeed, type OverviewEvent } from './overview-feed.ts';

const tile = (key: string, state: Tile['state'] = 'Available'): Tile => ({
  key, chargePointId: key.split('/')[0]!, connectorId: 1, name: key, state, ocppStatus: state, online: true,
  chargingSince: null, lastEnergyWh: null, powerW: null, soc: null,
});
const counts = (faulted: number) => ({ stations: 2, online: 2, offline: 0, tiles: 2, states: { charging: 0, available: 2 - faulted, faulted, reserved: 0, unavailable: 0, occupied: 0, unknown: 0 } });
const view = (tiles: Tile[], faulted = 0): OverviewView => ({ counts: counts(faulted), tiles, total: tiles.length, page: 1, pages: 1 });

/** A feed whose reads are driven by the test: each `next(view)` answers the pending read. */
function driven() {
  const reads: { query: OverviewQuery; answer: (view: OverviewView) => void }[] = [];
  const waiting: (() => void)[] = [];
  const feed = new OverviewFeed(
    (query) => new Promise<OverviewView>((answer) => { reads.push({ query, answer }); waiting.splice(0).forEach((wake) => wake()); }),
    60_000,
    pino({ level: 'silent' }),
  );
  const nextRead = async () => {
    while (reads.length === 0) await new Promise<void>((wake) => waiting.push(wake));
    return reads.shift()!;
  };
  return { feed, nextRead };
}

describe('the overview feed', () => {
  it('sends a view its page first, then only the tiles that changed, and counts when they change', async () => {
    const { feed, nextRead } = driven();
    const events: OverviewEvent[] = [];
    const stop = feed.subscribe({ state: 'faulted', page: 1 }, (event) => events.push(event));
    const first = await nextRead();
    expect(first.query).toEqual({ state: 'faulted', page: 1 });
    first.answer(view([tile('a/1'), tile('b/1')]));
    await expect.poll(() => events.map((e) => e.kind)).toEqual(['page', 'counts']);

    // a late subscriber of the same view gets what is known at once, without another read
    const late: OverviewEvent[] = [];
    const stopLate = feed.subscribe({ state: 'faulted', page: 1 }, (event) => late.push(event));
    expect(late.map((e) => e.kind)).toEqual(['page', 'counts']);

    (await nextRead()).answer(view([tile('a/1'), tile('b/1', 'Faulted')], 1));
    await expect.poll(() => events.length).toBe(4);
    expect(events[2]).toEqual({ kind: 'tiles', tiles: [tile('b/1', 'Faulted')] });
    expect(events[3]).toMatchObject({ kind: 'counts', counts: { states: { faulted: 1 } } });

    // other tiles on the page: the page again (a new subscriber makes the feed read at once)
    const stopThird = feed.subscribe({ state: 'faulted', page: 1 }, () => {});
    (await nextRead()).answer(view([tile('b/1', 'Faulted')], 1));
    await expect.poll(() => events.length).toBe(5);
    expect(events[4]).toEqual({ kind: 'page', page: { tiles: [tile('b/1', 'Faulted')], total: 1, page: 1, pages: 1 } });
    stopThird();
    stopLate();
    stop();
    feed.close();
  });

  afterEach(() => vi.useRealTimers());

  it('spaces its timed reads out by twice the time a read took', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    let reads = 0;
    const answers: (() => void)[] = [];
    const feed = new OverviewFeed(
      () => new Promise<OverviewView>((answer) => { reads += 1; answers.push(() => answer(view([tile('a/1')]))); }),
      1000,
      pino({ level: 'silent' }),
    );
    const stop = feed.subscribe({ page: 1 }, () => {});
    expect(reads).toBe(1);
    await vi.advanceTimersByTimeAsync(3000); // a slow read: the ticks meanwhile read nothing
    expect(reads).toBe(1);
    answers.shift()!();
    await vi.advanceTimersByTimeAsync(5999); // the next read waits until 3 s + 2 × 3 s
    expect(reads).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(reads).toBe(2);
    answers.shift()!(); // a quick read: the next tick reads again
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toBe(3);
    stop();
    feed.close();
  });
});
