import { performance } from 'node:perf_hooks';
import { LatencyHistogram, type LatencySummary } from '../../simulators/src/load/histogram.ts';
import { emit } from '../lib/ipc.ts';
import type { BenchStation } from './bench-station.ts';
import { connectFleet, type Fleet } from './fleet.ts';
import { meterFrame, startFrame, statusFrame, stopFrame } from './frames.ts';
import { settle } from './loops.ts';

/** The result of a reboot storm. */
export interface StormResult {
  /** The stations, still connected (the bench checks the rows, then releases them). */
  readonly fleet?: Fleet;
  readonly stations: number;
  readonly completed: number;
  readonly connectFailures: number;
  readonly callErrors: number;
  /** From the first connection attempt until the last answer. */
  readonly totalMs: number;
  readonly connectBootMs: LatencySummary;
  readonly statusMs: LatencySummary;
  readonly clientCpuPct: number;
}

/** Every station connects at once, boots, and reports `connectors` connector statuses one after the other; the fleet stays connected. */
export async function rebootStorm(o: { url: string; prefix: string; count: number; connectors: number; timeoutMs: number }): Promise<StormResult> {
  const statusLatency = new LatencyHistogram();
  let completed = 0;
  let callErrors = 0;
  let lastAnswer = 0;
  const cpu = process.cpuUsage();
  emit('measure-start');
  const started = performance.now();
  const fleet = await connectFleet({
    url: o.url,
    prefix: o.prefix,
    count: o.count,
    rate: 0,
    timeoutMs: o.timeoutMs,
    afterBoot: async (station) => {
      for (let connector = 1; connector <= o.connectors; connector++) {
        const answer = await station.exchange((id) => statusFrame(id, connector));
        statusLatency.record(answer.micros);
        if (answer.callError) callErrors += 1;
      }
      completed += 1;
      lastAnswer = performance.now();
    },
  });
  const used = process.cpuUsage(cpu);
  const totalMs = Math.round(lastAnswer - started);
  emit('measure-end');
  return {
    fleet,
    stations: o.count,
    completed,
    connectFailures: fleet.connectFailures,
    callErrors,
    totalMs,
    connectBootMs: fleet.connectBoot.summary(),
    statusMs: statusLatency.summary(),
    clientCpuPct: Math.round(((used.user + used.system) / 1e3 / Math.max(1, totalMs)) * 1000) / 10,
  };
}

/** Connects and boots `count` stations at `rate`/s and holds them until the bench releases them. */
export async function holdIdle(o: { url: string; prefix: string; count: number; rate: number; timeoutMs: number }): Promise<Fleet> {
  const fleet = await connectFleet({ url: o.url, prefix: o.prefix, count: o.count, rate: o.rate, timeoutMs: o.timeoutMs });
  return fleet;
}

/** The result of the sessions scenario, from the stations' side. */
export interface SessionsResult {
  readonly stations: number;
  readonly sessions: number;
  readonly callErrors: number;
  readonly timeouts: number;
  /** Paced runs: sessions that were due when no station was free (the system fell behind the rate). */
  readonly missed: number;
  readonly durationS: number;
  readonly startMs: LatencySummary;
  readonly meterMs: LatencySummary;
  readonly stopMs: LatencySummary;
  readonly transactionIds: number[];
  readonly clientCpuPct: number;
}

/**
 * Short sessions: StartTransaction, `meterValues` MeterValues, StopTransaction. Without `rate`, every station charges
 * them back to back for `durationS` (a closed loop: the system's most sessions per second, whose latencies are the
 * queue's at saturation). With `rate`, sessions begin at that many per second in all on stations that are free (an
 * open loop: the latencies at that load); a due session with no free station is counted as `missed`. Returns the
 * transaction ids of every session that got its StopTransaction answered.
 */
export async function chargeSessions(
  fleet: Fleet,
  o: { durationS: number; meterValues: number; timeoutMs: number; rate?: number | undefined },
): Promise<SessionsResult> {
  const start = new LatencyHistogram();
  const meter = new LatencyHistogram();
  const stop = new LatencyHistogram();
  const transactionIds: number[] = [];
  let callErrors = 0;
  let timeouts = 0;
  let missed = 0;
  let running = true;
  const cpu = process.cpuUsage();
  emit('measure-start');
  const started = performance.now();
  const step = async (station: BenchStation, build: (id: number) => string, histogram: LatencyHistogram) => {
    if (station.ws === undefined) {
      running = running && fleet.connected.some((s) => s.ws !== undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return undefined;
    }
    const answer = await Promise.race([
      station.exchange(build).catch(() => undefined),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), o.timeoutMs).unref()),
    ]);
    if (answer === undefined) {
      station.abandon();
      timeouts += 1;
      return undefined;
    }
    histogram.record(answer.micros);
    if (answer.callError) callErrors += 1;
    return answer;
  };
  const session = async (station: BenchStation) => {
    const begun = await step(station, (id) => startFrame(id, station.state), start);
    const match = begun && /"transactionId"\s*:\s*(\d+)/.exec(begun.text);
    if (!match) return;
    station.state.transactionId = Number(match[1]);
    for (let i = 0; i < o.meterValues; i++) await step(station, (id) => meterFrame(id, station.state), meter);
    station.state.meterWh += 500;
    if (await step(station, (id) => stopFrame(id, station.state), stop)) transactionIds.push(station.state.transactionId);
  };
  if (o.rate === undefined) {
    const loop = async (station: BenchStation) => {
      while (running) await session(station);
    };
    const loops = fleet.connected.map((station) => loop(station));
    await new Promise((resolve) => setTimeout(resolve, o.durationS * 1000));
    running = false;
    await Promise.all(loops);
  } else {
    const free = fleet.connected.filter((station) => station.ws !== undefined);
    const inFlight = new Set<Promise<void>>();
    const interval = 1000 / o.rate;
    const end = started + o.durationS * 1000;
    for (let due = started; due < end; due += interval) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const station = free.shift();
      if (station === undefined) {
        missed += 1;
        continue;
      }
      const done: Promise<void> = session(station).finally(() => {
        inFlight.delete(done);
        if (station.ws !== undefined) free.push(station);
      });
      inFlight.add(done);
    }
    await Promise.all(inFlight);
  }
  await settle(fleet.connected);
  const durationS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  emit('measure-end');
  return {
    stations: fleet.connected.length,
    sessions: transactionIds.length,
    callErrors,
    timeouts,
    missed,
    durationS,
    startMs: start.summary(),
    meterMs: meter.summary(),
    stopMs: stop.summary(),
    transactionIds,
    clientCpuPct: Math.round(((used.user + used.system) / 1e6 / durationS) * 1000) / 10,
  };
}
