import type { BenchRecord } from '../lib/record.ts';

/** Medians of the rounds of one (message, server) closed-loop arm. */
export interface ClosedSummary {
  readonly message: string;
  readonly server: string;
  readonly rounds: number;
  readonly rps: number;
  readonly srvUsPerMsg: number | null;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  /** Spread of `srvUsPerMsg` over the rounds (max − min), µs. */
  readonly spreadUs: number | null;
  readonly clientBound: boolean;
  readonly errors: number;
}

/** One target of issue 14 as measured: the figure, the bar, whether it is met. */
export interface TargetCheck {
  readonly target: string;
  readonly server: string;
  readonly measured: string;
  readonly bar: string;
  readonly met: boolean | null;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Closed-loop arms with the median over rounds. */
export function summarizeClosed(records: readonly BenchRecord[]): ClosedSummary[] {
  const arms = new Map<string, BenchRecord[]>();
  for (const r of records.filter((r) => r.scenario === 'closed')) {
    const key = `${r.message}\u0000${r.server}`;
    arms.set(key, [...(arms.get(key) ?? []), r]);
  }
  return [...arms.values()].map((runs) => {
    const cpu = runs.map((r) => r.srvUsPerMsg).filter((v): v is number => typeof v === 'number');
    return {
      message: runs[0]!.message!,
      server: runs[0]!.server,
      rounds: runs.length,
      rps: Math.round(median(runs.map((r) => r.rps ?? 0))),
      srvUsPerMsg: cpu.length > 0 ? Math.round(median(cpu)) : null,
      p50: median(runs.map((r) => r.p50 ?? 0)),
      p99: median(runs.map((r) => r.p99 ?? 0)),
      p999: median(runs.map((r) => r.p999 ?? 0)),
      spreadUs: cpu.length > 1 ? Math.max(...cpu) - Math.min(...cpu) : null,
      clientBound: runs.some((r) => r.clientBound),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
    };
  });
}

const GATEWAYS = ['gateway-sqlite', 'gateway-postgres'];

/** Checks every target of issue 14 that the records hold data for. */
export function checkTargets(records: readonly BenchRecord[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const closed = summarizeClosed(records);
  const arm = (message: string, server: string) => closed.find((c) => c.message === message && c.server === server);
  for (const c of closed.filter((c) => GATEWAYS.includes(c.server))) {
    const peer = arm(c.message, 'ocpp-rpc');
    if (!peer?.srvUsPerMsg || c.srvUsPerMsg === null) continue;
    const ratio = c.srvUsPerMsg / peer.srvUsPerMsg;
    const limit = c.message === 'Heartbeat' ? 0.6 : 1;
    checks.push({
      target: `${c.message}: server CPU per round trip vs ocpp-rpc strict`,
      server: c.server,
      measured: `${c.srvUsPerMsg} µs vs ${peer.srvUsPerMsg} µs = ${ratio.toFixed(2)}×`,
      bar: `≤ ${limit}×`,
      met: ratio <= limit,
    });
  }
  for (const r of records.filter((r) => GATEWAYS.includes(r.server))) {
    const d = r.details ?? {};
    if (r.scenario === 'storm') {
      const rows = d.rows as { complete?: boolean } | undefined;
      checks.push({
        target: `reboot storm of ${r.N} stations`,
        server: r.server,
        measured: `${Number(d.totalMs) / 1000} s, rows ${rows?.complete ? 'complete' : 'INCOMPLETE'}`,
        bar: '< 10 s, every row',
        met: Number(d.totalMs) < 10_000 && rows?.complete === true,
      });
    } else if (r.scenario === 'idle') {
      checks.push({ target: `${r.N} idle stations: RSS per connection`, server: r.server, measured: `${String(d.rssPerConnKB)} KB`, bar: '≤ 3 KB', met: Number(d.rssPerConnKB) <= 3 });
    } else if (r.scenario === 'open') {
      const bar = r.message === 'Authorize' ? 10 : 20;
      checks.push({
        target: `${r.message} open loop at ${r.rate}/s from ${r.N} stations: p99`,
        server: r.server,
        measured: d.failed ? `failed: ${String(d.failed)}` : `${r.p99} ms, ${d.keptUp ? 'kept up' : 'fell behind'}`,
        bar: `< ${bar} ms, kept up`,
        met: (r.p99 ?? Infinity) < bar && d.keptUp === true,
      });
    } else if (r.scenario === 'sessions' && r.rate === undefined) {
      // the closed loop: how many sessions the system completes per second
      checks.push({
        target: 'sessions through Temporal (closed loop)',
        server: r.server,
        measured: `${String(d.workflowsPerSecond)}/s, ${String(d.completedWorkflows)}/${String(d.sessions)} completed, ${String(d.runningWorkflows)} left running`,
        bar: '≥ 20/s, every one completed, none running',
        met: Number(d.workflowsPerSecond) >= 20 && d.runningWorkflows === 0 && d.completedWorkflows === d.sessions,
      });
    } else if (r.scenario === 'sessions') {
      // paced: the answers' latencies at that many sessions per second
      const start = (d.startMs as { p99: number }).p99;
      const stop = (d.stopMs as { p99: number }).p99;
      checks.push({
        target: `sessions at ${String(r.rate)}/s: Start / Stop p99`,
        server: r.server,
        measured: `${start} / ${stop} ms, ${String(d.missed)} missed, ${String(d.completedWorkflows)}/${String(d.sessions)} completed`,
        bar: '< 100 ms, none missed, every one completed',
        met: start < 100 && stop < 100 && d.missed === 0 && d.runningWorkflows === 0 && d.completedWorkflows === d.sessions,
      });
    }
  }
  return checks;
}
