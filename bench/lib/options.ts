import { parseArgs } from 'node:util';
import { BENCH_MESSAGES, type BenchMessage } from '../client/frames.ts';

/** Scenarios of the bench (issue 14). */
export const SCENARIOS = ['closed', 'open', 'storm', 'idle', 'sessions'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Servers under test: ours on both databases, the two peers with trivial handlers. */
export const SERVERS = ['gateway-sqlite', 'gateway-postgres', 'ocpp-rpc', 'uws'] as const;
export type ServerKind = (typeof SERVERS)[number];

/** Everything a bench run is told on the command line. */
export interface BenchOptions {
  readonly scenarios: readonly Scenario[];
  readonly servers: readonly ServerKind[];
  readonly messages: readonly BenchMessage[];
  readonly rounds: number;
  readonly closed: { readonly stations: number; readonly warmupS: number; readonly durationS: number };
  readonly open: { readonly stations: number; readonly rate: number; readonly authorizeRate: number; readonly durationS: number };
  readonly storm: { readonly stations: number; readonly connectors: number };
  readonly idle: { readonly stations: number; readonly connectRate: number };
  readonly sessions: { readonly stations: number; readonly durationS: number; readonly meterValues: number; readonly rate: number };
  /** PostgreSQL server for `gateway-postgres` (a fresh database is created on it per run). */
  readonly postgresUrl: string | undefined;
  /** JSON result file. */
  readonly out: string;
  /** Markdown report to (re)generate; undefined: none. */
  readonly doc: string | undefined;
  /** An earlier result whose records of the scenarios this run does not measure are kept in this run's result. */
  readonly keep: string | undefined;
  /** Write a CPU profile of each gateway's measured closed-loop, open-loop and sessions windows into this folder. */
  readonly profileDir: string | undefined;
  readonly smoke: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --scenarios LIST     ${SCENARIOS.join(',')} (default: all)
  --servers LIST       ${SERVERS.join(',')} (default: all; gateway-postgres needs a URL)
  --messages LIST      closed-loop messages: ${BENCH_MESSAGES.join(',')} (default: all)
  --rounds N           interleaved rounds of the closed loop; medians are reported (default 3)
  --stations N         closed loop: stations (default 200)
  --duration S         closed loop: measured seconds per run (default 10; warm-up 2)
  --open-stations N    open loop: stations (default 10000)
  --open-rate N        open loop: MeterValues per second (default 10000)
  --open-duration S    open loop: seconds (default 60)
  --authorize-rate N   open loop: Authorize per second from the same stations, after the MeterValues run
                       (default 2000; 0 skips it)
  --storm-stations N   reboot storm: stations (default 10000)
  --idle-stations N    idle fleet: stations (default 18000)
  --session-stations N sessions: stations (default 50)
  --session-duration S sessions: seconds of each run (default 30)
  --session-rate N     sessions: after the closed loop, a run starting N sessions per second in all (default 20;
                       0 skips it)
  --postgres-url URL   PostgreSQL server (default BENCH_POSTGRES_URL, then TEST_POSTGRES_URL)
  --out FILE           JSON result (default bench/results/<time>.json)
  --doc FILE           generate the Markdown table there (default docs/performance.md; --no-doc: none)
  --keep FILE          an earlier result (JSON): its records of the scenarios not run now are kept, so one
                       scenario can be measured again without losing the others' figures
  --profile DIR        \`perf record\` of the gateways in each measured closed-loop, open-loop and sessions window into DIR, summarized
                       by package in DIR/*.txt (needs Linux perf; bench/report/profile-summary.ts)
  --smoke              tiny sizes and durations: checks the harness, measures nothing worth reading`;

function list<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of items) if (!allowed.includes(item as T)) throw new Error(`--${name}: "${item}" is not one of ${allowed.join(', ')}`);
  return items as T[];
}

function number(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${value}"`);
  return n;
}

/** Parses the bench's arguments; throws with a one-line message on bad input. */
export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      scenarios: { type: 'string' }, servers: { type: 'string' }, messages: { type: 'string' }, rounds: { type: 'string' },
      stations: { type: 'string' }, duration: { type: 'string' }, 'open-stations': { type: 'string' }, 'open-rate': { type: 'string' }, 'authorize-rate': { type: 'string' },
      'open-duration': { type: 'string' }, 'storm-stations': { type: 'string' }, 'idle-stations': { type: 'string' },
      'session-stations': { type: 'string' }, 'session-duration': { type: 'string' }, 'session-rate': { type: 'string' }, 'postgres-url': { type: 'string' },
      out: { type: 'string' }, doc: { type: 'string' }, keep: { type: 'string' }, 'no-doc': { type: 'boolean' }, profile: { type: 'string' },
      smoke: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const smoke = values.smoke ?? false;
  const postgresUrl = values['postgres-url'] ?? (env.BENCH_POSTGRES_URL || env.TEST_POSTGRES_URL || undefined);
  let servers = list('servers', values.servers, SERVERS) ?? [...SERVERS];
  if (!postgresUrl) {
    if (values.servers?.includes('gateway-postgres')) throw new Error('--servers gateway-postgres needs --postgres-url (or BENCH_POSTGRES_URL)');
    servers = servers.filter((s) => s !== 'gateway-postgres');
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    scenarios: list('scenarios', values.scenarios, SCENARIOS) ?? [...SCENARIOS],
    servers,
    messages: list('messages', values.messages, BENCH_MESSAGES) ?? [...BENCH_MESSAGES],
    rounds: number('rounds', values.rounds, smoke ? 1 : 3, 1),
    closed: { stations: number('stations', values.stations, smoke ? 5 : 200, 1), warmupS: smoke ? 0.2 : 2, durationS: number('duration', values.duration, smoke ? 0.5 : 10, 0.1) },
    open: {
      stations: number('open-stations', values['open-stations'], smoke ? 10 : 10_000, 1),
      rate: number('open-rate', values['open-rate'], smoke ? 50 : 10_000, 1),
      authorizeRate: number('authorize-rate', values['authorize-rate'], smoke ? 20 : 2_000, 0),
      durationS: number('open-duration', values['open-duration'], smoke ? 0.5 : 60, 0.1),
    },
    storm: { stations: number('storm-stations', values['storm-stations'], smoke ? 10 : 10_000, 1), connectors: 2 },
    idle: { stations: number('idle-stations', values['idle-stations'], smoke ? 10 : 18_000, 1), connectRate: 2000 },
    sessions: {
      stations: number('session-stations', values['session-stations'], smoke ? 2 : 50, 1),
      durationS: number('session-duration', values['session-duration'], smoke ? 1 : 30, 0.1),
      meterValues: 1,
      rate: number('session-rate', values['session-rate'], smoke ? 2 : 20, 0),
    },
    postgresUrl,
    out: values.out ?? `bench/results/${stamp}.json`,
    doc: values['no-doc'] ? undefined : (values.doc ?? 'docs/performance.md'),
    keep: values.keep,
    profileDir: values.profile,
    smoke,
  };
}
