import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { type OcppSubprotocol, versionOfSubprotocol } from '@csms/gateway/protocol';
import { UsageError } from '../errors.ts';
import { LatencyHistogram, type LatencySummary } from './histogram.ts';
import { bootPayload, type FrameTemplate, frameTemplates, LOAD_ACTIONS, type LoadAction } from './load-messages.ts';

/** A load run: how many stations, what they send, how fast, for how long. */
export interface LoadOptions {
  /** Endpoint without the id, e.g. `ws://127.0.0.1:8081/OCPP`. */
  readonly url: string;
  readonly stations: number;
  readonly protocol?: OcppSubprotocol;
  /** Station ids are `<prefix><n>`. Default `load-`. */
  readonly idPrefix?: string;
  /** Basic auth password for every station. */
  readonly password?: string;
  /** New connections per second while ramping up. Default 1,000. */
  readonly connectRate?: number;
  /** Length of the measured window after every station booted, in seconds. */
  readonly durationS: number;
  /** Aggregate CALLs per second (open loop); omit for closed loop (each station sends again on each answer). */
  readonly rate?: number;
  /** Relative weights of the actions. Default MeterValues 4, Heartbeat 1, StatusNotification 1, Authorize 1. */
  readonly mix?: Partial<Record<LoadAction, number>>;
  /** Default 10,000 ms. */
  readonly callTimeoutMs?: number;
}

/** The JSON a load run produces (perf.md §6.4 field names where they apply). */
export interface LoadResult {
  readonly scenario: 'load';
  readonly protocol: OcppSubprotocol;
  readonly url: string;
  readonly N: number;
  readonly connected: number;
  /** Stations whose BootNotification was answered. */
  readonly booted: number;
  readonly connectFailures: number;
  readonly mode: 'open' | 'closed';
  readonly rate: number | null;
  readonly durationS: number;
  /** CALLs sent in the measured window. */
  readonly sent: number;
  /** Answers to those CALLs, including the ones still in flight when the window closed (the run waits for them). */
  readonly answered: number;
  readonly callErrors: number;
  readonly timeouts: number;
  /** Open loop: dispatches that found their station still waiting for an answer (sent late, one CALL in flight). */
  readonly delayed: number;
  /** Sockets closed after their boot was answered (or before it, past the reconnect attempts). */
  readonly disconnects: number;
  /** Sockets closed without a close frame (1006) before their boot was answered, each connected again. */
  readonly reconnects: number;
  /** Answers received within the window, per second of the window. */
  readonly rps: number;
  readonly latencyMs: LatencySummary;
  readonly latencyByActionMs: Partial<Record<LoadAction, LatencySummary>>;
  readonly connectBootMs: LatencySummary;
  readonly client: { readonly rssMB: number; readonly heapUsedMB: number; readonly cpuUserMs: number; readonly cpuSystemMs: number };
}

/** Per-station state, kept small: thousands of these live in one process. */
interface LoadStation {
  ws: WebSocket | undefined;
  /** Message id of the CALL in flight, 0 when idle. */
  pending: number;
  nextId: number;
  sentAt: number;
  template: FrameTemplate | undefined;
  backlog: number;
  measuring: boolean;
}

const DEFAULT_MIX: Partial<Record<LoadAction, number>> = { MeterValues: 4, Heartbeat: 1, StatusNotification: 1, Authorize: 1 };

/**
 * Runs many lean simulated stations from one process: connect at `connectRate`, boot each, then send the mix for
 * `durationS` with at most one CALL in flight per station (OCPP-J §4.1.1), wait for the answers still in flight
 * (or their timeout), and report counts and latencies from fixed-bucket
 * histograms. Stations here do not validate answers or keep state beyond a few numbers; use `ChargePoint` for
 * behaviour, this for volume.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const protocol = options.protocol ?? 'ocpp1.6';
  const version = versionOfSubprotocol(protocol);
  if (version === undefined) throw new UsageError(`unknown sub-protocol ${protocol}`);
  if (!Number.isInteger(options.stations) || options.stations < 1) throw new UsageError('stations must be a positive integer');
  const weights = Object.entries(options.mix ?? DEFAULT_MIX).filter(([, w]) => (w ?? 0) > 0) as [LoadAction, number][];
  if (weights.length === 0 || weights.some(([a]) => !LOAD_ACTIONS.includes(a))) throw new UsageError(`mix needs positive weights of ${LOAD_ACTIONS.join(', ')}`);
  const templates = frameTemplates(version, weights.map(([a]) => a));
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const cumulative = weights.map((_, i) => weights.slice(0, i + 1).reduce((s, [, w]) => s + w, 0) / total);
  const pick = (): FrameTemplate => templates[cumulative.findIndex((c) => Math.random() < c)] ?? (templates[0] as FrameTemplate);
  const bootFrame = { prefix: '[2,"', suffix: `","BootNotification",${JSON.stringify(bootPayload(version))}]` };

  const timeoutMs = options.callTimeoutMs ?? 10_000;
  const all = new LatencyHistogram();
  const byAction = new Map<LoadAction, LatencyHistogram>(templates.map((t) => [t.action, new LatencyHistogram()]));
  const connectBoot = new LatencyHistogram();
  const counters = { sent: 0, answered: 0, callErrors: 0, timeouts: 0, delayed: 0, disconnects: 0, reconnects: 0, connectFailures: 0 };
  const stations: LoadStation[] = [];
  let measuring = false;
  let closedLoop = options.rate === undefined;

  const send = (s: LoadStation) => {
    if (s.ws === undefined || s.ws.readyState !== WebSocket.OPEN) return;
    const t = pick();
    s.nextId += 1;
    s.pending = s.nextId;
    s.template = t;
    s.sentAt = performance.now();
    s.measuring = measuring;
    if (measuring) counters.sent += 1;
    s.ws.send(t.prefix + s.nextId + t.suffix);
  };

  let booted = 0;
  let onBooted: () => void = () => undefined;
  const onAnswer = (s: LoadStation, text: string) => {
    // Cheap check of `[3,"<id>"` / `[4,"<id>"` without parsing the payload.
    const type = text.charCodeAt(1) - 48;
    const id = Number(text.slice(4, text.indexOf('"', 4)));
    if ((type !== 3 && type !== 4) || id !== s.pending) return;
    const micros = (performance.now() - s.sentAt) * 1000;
    s.pending = 0;
    if (s.template === undefined) {
      // The answer to BootNotification: sentAt was taken when the connection was opened.
      connectBoot.record(micros);
      booted += 1;
      onBooted();
      return;
    }
    if (s.measuring) {
      counters.answered += 1;
      if (type === 4) counters.callErrors += 1;
      all.record(micros);
      byAction.get(s.template.action)?.record(micros);
    }
    if (!measuring) return;
    if (s.backlog > 0) {
      s.backlog -= 1;
      send(s);
    } else if (closedLoop) send(s);
  };

  // A station whose socket closes without a close frame (1006) after its 101 and before its boot is answered connects
  // again, as a charge point does, at most this many times: the pinned uWebSockets.js drops a fresh socket now and
  // then (docs/gateway.md, "A connection dropped right after its 101"). Each such reconnect is counted.
  const BOOT_ATTEMPTS = 3;
  const connect = (s: LoadStation, id: string, attempt: number) => {
    const headers = options.password === undefined ? undefined : { Authorization: `Basic ${Buffer.from(`${id}:${options.password}`).toString('base64')}` };
    const ws = new WebSocket(`${options.url.replace(/\/+$/, '')}/${encodeURIComponent(id)}`, [protocol], {
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
      ...(headers === undefined ? {} : { headers }),
    });
    s.ws = ws;
    s.sentAt = performance.now();
    let opened = false;
    ws.on('open', () => {
      opened = true;
      s.nextId += 1;
      s.pending = s.nextId;
      ws.send(bootFrame.prefix + s.nextId + bootFrame.suffix);
    });
    ws.on('message', (data) => onAnswer(s, data.toString()));
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      s.ws = undefined;
      const bootPending = s.template === undefined && s.pending !== 0;
      if (!opened) {
        counters.connectFailures += 1;
        onBooted();
      } else if (bootPending && code === 1006 && attempt < BOOT_ATTEMPTS && !stopping) {
        counters.reconnects += 1;
        s.pending = 0;
        connect(s, id, attempt + 1);
      } else if (!stopping) counters.disconnects += 1;
    });
  };
  const open = (index: number) => {
    const s: LoadStation = { ws: undefined, pending: 0, nextId: 0, sentAt: performance.now(), template: undefined, backlog: 0, measuring: false };
    stations.push(s);
    connect(s, `${options.idPrefix ?? 'load-'}${index}`, 1);
  };

  // Ramp up: `connectRate` new connections per second, in 10 ms slices; then wait for every boot (or failure).
  let stopping = false;
  const connectRate = options.connectRate ?? 1_000;
  await new Promise<void>((resolve) => {
    const deadline = setTimeout(resolve, Math.max(timeoutMs, (options.stations / connectRate) * 1000 + timeoutMs));
    onBooted = () => {
      if (booted + counters.connectFailures >= options.stations) {
        clearTimeout(deadline);
        resolve();
      }
    };
    const perSlice = Math.max(1, Math.round(connectRate / 100));
    let next = 0;
    const ramp = setInterval(() => {
      for (let i = 0; i < perSlice && next < options.stations; i++) open(next++);
      if (next >= options.stations) clearInterval(ramp);
    }, 10);
  });
  onBooted = () => undefined;

  // Measured window.
  measuring = true;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const live = stations.filter((s) => s.ws !== undefined);
  let dispatched = 0;
  let cursor = 0;
  let drained: (() => void) | undefined;
  const ticker = setInterval(() => {
    const now = performance.now();
    let inFlight = 0;
    for (const s of live) {
      if (s.pending !== 0 && now - s.sentAt > timeoutMs) {
        counters.timeouts += 1;
        s.pending = 0;
      }
      if (s.pending !== 0 && s.ws !== undefined) inFlight += 1;
    }
    if (drained !== undefined && inFlight === 0) drained();
    if (!measuring || closedLoop || live.length === 0) return;
    const due = Math.floor(((now - started) / 1000) * (options.rate as number)) - dispatched;
    for (let i = 0; i < due; i++) {
      const s = live[cursor++ % live.length] as LoadStation;
      dispatched += 1;
      if (s.pending !== 0) {
        counters.delayed += 1;
        s.backlog += 1;
      } else send(s);
    }
  }, 10);
  if (closedLoop) for (const s of live) send(s);
  await new Promise((resolve) => setTimeout(resolve, options.durationS * 1000));
  measuring = false;
  closedLoop = false;
  const elapsedS = (performance.now() - started) / 1000;
  const answeredInWindow = counters.answered;
  const cpu = process.cpuUsage(cpuBefore);
  const memory = process.memoryUsage();
  // Every CALL sent in the window gets its answer (or its timeout) before the sockets close: none is left uncounted.
  await new Promise<void>((resolve) => (drained = resolve));
  clearInterval(ticker);

  stopping = true;
  await Promise.all(
    stations.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.ws === undefined || s.ws.readyState === WebSocket.CLOSED) return resolve();
          s.ws.once('close', () => resolve());
          s.ws.terminate();
        }),
    ),
  );

  const latencyByActionMs: Partial<Record<LoadAction, LatencySummary>> = {};
  for (const [action, histogram] of byAction) latencyByActionMs[action] = histogram.summary();
  return {
    scenario: 'load',
    protocol,
    url: options.url,
    N: options.stations,
    connected: live.length,
    booted,
    connectFailures: counters.connectFailures,
    mode: options.rate === undefined ? 'closed' : 'open',
    rate: options.rate ?? null,
    durationS: Math.round(elapsedS * 1000) / 1000,
    sent: counters.sent,
    answered: counters.answered,
    callErrors: counters.callErrors,
    timeouts: counters.timeouts,
    delayed: counters.delayed,
    disconnects: counters.disconnects,
    reconnects: counters.reconnects,
    rps: Math.round(answeredInWindow / elapsedS),
    latencyMs: all.summary(),
    latencyByActionMs,
    connectBootMs: connectBoot.summary(),
    client: {
      rssMB: Math.round(memory.rss / 1e5) / 10,
      heapUsedMB: Math.round(memory.heapUsed / 1e5) / 10,
      cpuUserMs: Math.round(cpu.user / 1000),
      cpuSystemMs: Math.round(cpu.system / 1000),
    },
  };
}
