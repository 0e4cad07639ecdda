import { performance } from 'node:perf_hooks';
import { LatencyHistogram } from '../../simulators/src/load/histogram.ts';
import { BenchStation } from './bench-station.ts';

/** The stations of one client run and what connecting them cost. */
export interface Fleet {
  readonly stations: BenchStation[];
  readonly connected: BenchStation[];
  readonly connectFailures: number;
  /** Connect + BootNotification latency per station. */
  readonly connectBoot: LatencyHistogram;
  /** From the first connection attempt until the last boot was answered (or failed). */
  readonly connectMs: number;
}

/**
 * Connects `count` stations `<prefix>0…` to `url` and boots each: `rate` new connections per second in 10 ms slices,
 * or all at once when `rate` is 0 (a reboot storm). `afterBoot` runs per station as soon as its boot is answered.
 */
export async function connectFleet(options: {
  url: string;
  prefix: string;
  count: number;
  rate: number;
  timeoutMs: number;
  afterBoot?: (station: BenchStation) => Promise<void>;
}): Promise<Fleet> {
  const stations = Array.from({ length: options.count }, (_, i) => new BenchStation(`${options.prefix}${i}`));
  const connectBoot = new LatencyHistogram();
  const connected: BenchStation[] = [];
  let failures = 0;
  const started = performance.now();
  const one = async (station: BenchStation) => {
    try {
      connectBoot.record(await station.connect(options.url, options.timeoutMs));
      connected.push(station);
      await options.afterBoot?.(station);
    } catch {
      failures += 1;
    }
  };
  const all: Promise<void>[] = [];
  if (options.rate <= 0) {
    // at once, yielding to the event loop every 500 sockets so the first ones are served while the rest open
    for (let i = 0; i < stations.length; i++) {
      all.push(one(stations[i]!));
      if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    const perSlice = Math.max(1, Math.round(options.rate / 100));
    for (let i = 0; i < stations.length; i += perSlice) {
      for (const station of stations.slice(i, i + perSlice)) all.push(one(station));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  await Promise.all(all);
  return { stations, connected, connectFailures: failures, connectBoot, connectMs: performance.now() - started };
}

/** Closes every socket of the fleet and waits until all are closed. */
export async function closeFleet(fleet: Fleet): Promise<void> {
  await Promise.all(fleet.stations.map((station) => station.terminate()));
}
