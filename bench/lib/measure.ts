import type { Child } from './ipc.ts';
import { coreBusyPercent, coreTimes, loadAverage, processCpuMicros, type CoreTimes } from './proc.ts';

/** CPU of server and client over the client's measured window, read from /proc. */
export interface Window {
  readonly wallMs: number;
  /** Server process CPU (all threads) in µs. */
  readonly serverCpuUs: number;
  readonly serverCpuPct: number;
  readonly clientCpuPct: number;
  /** Busy % of each core over the window (softirq included): the other helpers on the box show up here. */
  readonly coreBusyPct: number[];
  /** The client, not the server, was the limit: client ≥ 90 % of its core, server < 90 %. */
  readonly clientBound: boolean;
  readonly loadAverage: number;
}

interface Mark {
  readonly at: number;
  readonly server: number;
  readonly client: number;
  readonly cores: CoreTimes[];
}

/**
 * Runs `job` on the client and reads both processes' CPU from /proc when the client says its measured window starts
 * and ends. Returns the client's result with the window.
 */
export async function measureJob<T>(
  client: Child,
  server: Child,
  job: unknown,
  timeoutMs = 900_000,
  hooks: { readonly start?: () => void; readonly end?: () => void } = {},
): Promise<{ result: T; window: Window }> {
  const mark = (): Mark => ({ at: performance.now(), server: processCpuMicros(server.pid), client: processCpuMicros(client.pid), cores: coreTimes() });
  let start: Mark | undefined;
  let end: Mark | undefined;
  const starting = client.next('measure-start', timeoutMs).then(() => {
    start = mark();
    hooks.start?.();
  });
  const ending = client.next('measure-end', timeoutMs).then(() => {
    end = mark();
    hooks.end?.();
  });
  // a client that fails before its window leaves these waiting: they must not reject unhandled later
  starting.catch(() => undefined);
  ending.catch(() => undefined);
  const result = await client.request<T>('run', job, timeoutMs);
  await Promise.all([starting, ending]);
  if (!start || !end) throw new Error('the client reported no measured window');
  const wallMs = end.at - start.at;
  const serverCpuUs = end.server - start.server;
  const serverCpuPct = Math.round((serverCpuUs / 1000 / wallMs) * 1000) / 10;
  const clientCpuPct = Math.round(((end.client - start.client) / 1000 / wallMs) * 1000) / 10;
  return {
    result,
    window: {
      wallMs: Math.round(wallMs),
      serverCpuUs: Math.round(serverCpuUs),
      serverCpuPct,
      clientCpuPct,
      coreBusyPct: coreBusyPercent(start.cores, end.cores),
      clientBound: clientCpuPct >= 90 && serverCpuPct < 90,
      loadAverage: loadAverage(),
    },
  };
}
