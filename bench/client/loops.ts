import { performance } from 'node:perf_hooks';
import { LatencyHistogram, type LatencySummary } from '../../simulators/src/load/histogram.ts';
import { emit } from '../lib/ipc.ts';
import type { BenchStation } from './bench-station.ts';
import { messageFrame, startFrame, stopFrame, type BenchMessage } from './frames.ts';

/** The result of a closed or open loop. */
export interface LoopResult {
  readonly sent: number;
  readonly answered: number;
  readonly callErrors: number;
  readonly timeouts: number;
  readonly durationS: number;
  readonly rps: number;
  readonly latencyMs: LatencySummary;
  /** Open loop: CALLs still waiting to be sent at the end (the server fell behind). */
  readonly backlog?: number;
  /** Open loop: dispatches that found their station still waiting for an answer. */
  readonly delayed?: number;
  readonly clientCpuPct: number;
}

/**
 * MeterValues are measured inside a transaction: every station starts one first (not measured). Returns the stations
 * ready for the loop; one whose start fails (dropped, or unanswered) is left out rather than holding the run.
 */
export async function prepareStations(stations: readonly BenchStation[], message: BenchMessage): Promise<BenchStation[]> {
  if (message !== 'MeterValues') return [...stations];
  const started = await Promise.allSettled(
    stations.map(async (station) => {
      const answer = await station.exchange((id) => startFrame(id, station.state));
      const match = /"transactionId"\s*:\s*(\d+)/.exec(answer.text);
      if (!match) throw new Error(`StartTransaction of ${station.id} got no transactionId: ${answer.text.slice(0, 200)}`);
      station.state.transactionId = Number(match[1]);
      return station;
    }),
  );
  const ready = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  if (ready.length === 0) throw new Error(`no station could start its transaction: ${String((started[0] as PromiseRejectedResult | undefined)?.reason)}`);
  return ready;
}

/**
 * Stops the transactions {@link prepareStations} started (not measured): a transaction left open would make every
 * later `Available` StatusNotification on its connector a session event, which is not what that run measures.
 */
export async function finishStations(stations: readonly BenchStation[], message: BenchMessage): Promise<void> {
  if (message !== 'MeterValues') return;
  await settle(stations);
  await Promise.all(stations.filter((s) => s.state.transactionId > 0 && s.ws !== undefined).map((station) => station.exchange((id) => stopFrame(id, station.state)).catch(() => undefined)));
}

function window(): { done: () => { durationS: number; clientCpuPct: number } } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  emit('measure-start');
  return {
    done: () => {
      const durationS = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      emit('measure-end');
      return { durationS, clientCpuPct: Math.round(((used.user + used.system) / 1e6 / durationS) * 1000) / 10 };
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Closed loop: every station sends `message` again as soon as the previous one is answered, `warmupS` unmeasured,
 * then `durationS` measured. A CALL unanswered after `timeoutMs` is counted and sent again.
 */
export async function closedLoop(stations: readonly BenchStation[], message: BenchMessage, o: { warmupS: number; durationS: number; timeoutMs: number }): Promise<LoopResult> {
  const histogram = new LatencyHistogram();
  const counters = { sent: 0, answered: 0, callErrors: 0, timeouts: 0 };
  let phase: 'warmup' | 'measure' | 'stop' = 'warmup';
  const fire = (station: BenchStation) => {
    const measured = phase === 'measure';
    const ok = station.send(
      (id) => messageFrame(message, id, station.state),
      (_text, micros, callError) => {
        if (measured && phase !== 'warmup') {
          counters.answered += 1;
          if (callError) counters.callErrors += 1;
          histogram.record(micros);
        }
        if (phase !== 'stop') fire(station);
      },
    );
    if (ok && measured) counters.sent += 1;
  };
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const station of stations) {
      if (station.busy && now - station.sentAt() > o.timeoutMs) {
        station.abandon();
        if (phase === 'measure') counters.timeouts += 1;
        if (phase !== 'stop') fire(station);
      }
    }
  }, 250);
  for (const station of stations) fire(station);
  await sleep(o.warmupS * 1000);
  phase = 'measure';
  const measured = window();
  await sleep(o.durationS * 1000);
  phase = 'stop';
  const { durationS, clientCpuPct } = measured.done();
  clearInterval(watchdog);
  await settle(stations);
  return { ...counters, durationS, rps: Math.round(counters.answered / durationS), latencyMs: histogram.summary(), clientCpuPct };
}

/**
 * Open loop: `rate` CALLs per second spread round-robin over the stations for `durationS`. A station still waiting
 * for an answer queues the CALL; latency counts from when the CALL was due, so a server that falls behind shows
 * it (no coordinated omission).
 */
export async function openLoop(stations: readonly BenchStation[], message: BenchMessage, o: { rate: number; durationS: number; timeoutMs: number }): Promise<LoopResult> {
  const histogram = new LatencyHistogram();
  const counters = { sent: 0, answered: 0, callErrors: 0, timeouts: 0, delayed: 0 };
  const queues = new Map<BenchStation, number[]>();
  let running = true;
  const fire = (station: BenchStation, dueAt: number) => {
    const ok = station.send(
      (id) => messageFrame(message, id, station.state),
      (_text, micros, callError) => {
        counters.answered += 1;
        if (callError) counters.callErrors += 1;
        histogram.record(micros);
        const queue = queues.get(station);
        const next = queue?.shift();
        if (next !== undefined && running) fire(station, next);
      },
      dueAt,
    );
    if (ok) counters.sent += 1;
  };
  const measured = window();
  const started = performance.now();
  let dispatched = 0;
  let cursor = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    const due = Math.floor(((now - started) / 1000) * o.rate) - dispatched;
    for (let i = 0; i < due; i++) {
      const station = stations[cursor++ % stations.length]!;
      const dueAt = started + ((dispatched + 1) / o.rate) * 1000;
      dispatched += 1;
      if (station.busy) {
        counters.delayed += 1;
        let queue = queues.get(station);
        if (!queue) queues.set(station, (queue = []));
        queue.push(dueAt);
      } else fire(station, dueAt);
    }
    for (const station of stations) {
      if (station.busy && now - station.sentAt() > o.timeoutMs) {
        station.abandon();
        counters.timeouts += 1;
      }
    }
  }, 5);
  await sleep(o.durationS * 1000);
  clearInterval(ticker);
  // what was sent in the window may still be answered: wait a little, it counts toward the latency
  await settle(stations, 5000);
  running = false;
  const { durationS, clientCpuPct } = measured.done();
  let backlog = 0;
  for (const queue of queues.values()) backlog += queue.length;
  return {
    sent: counters.sent,
    answered: counters.answered,
    callErrors: counters.callErrors,
    timeouts: counters.timeouts,
    durationS,
    rps: Math.round(counters.answered / o.durationS),
    latencyMs: histogram.summary(),
    backlog,
    delayed: counters.delayed,
    clientCpuPct,
  };
}

/** Waits until no station has a CALL in flight (or `maxMs` passed). */
export async function settle(stations: readonly BenchStation[], maxMs = 10_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  while (performance.now() < deadline && stations.some((s) => s.busy)) await sleep(20);
}
