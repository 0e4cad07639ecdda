import { join, resolve } from 'node:path';
import type { LoopResult } from '../client/loops.ts';
import type { StormResult } from '../client/scenarios.ts';
import { REPO_ROOT, type Child } from '../lib/ipc.ts';
import { measureJob } from '../lib/measure.ts';
import type { BenchOptions } from '../lib/options.ts';
import { processRssBytes, slabBytes } from '../lib/proc.ts';
import type { BenchRecord } from '../lib/record.ts';
import { PerfRecording } from '../lib/perf-recording.ts';
import { isGateway, startServer, stopAll } from '../lib/servers.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Open loop: MeterValues (inside a transaction) at a fixed rate from many stations; one fresh server at a time. */
export async function openLoopScenario(options: BenchOptions, client: Child, log: (line: string) => void): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  const { stations, rate, durationS } = options.open;
  const runs = [
    { message: 'MeterValues' as const, rate },
    ...(options.open.authorizeRate > 0 ? [{ message: 'Authorize' as const, rate: options.open.authorizeRate }] : []),
  ];
  for (const kind of options.servers) {
    const server = await startServer(kind, options, { prefix: 'ol-', stations });
    let current: (typeof runs)[number] | undefined;
    try {
      for (const run of runs) {
        current = run;
        const profile = options.profileDir && isGateway(kind) ? new PerfRecording(server.child.pid, join(resolve(REPO_ROOT, options.profileDir), `${kind}-open-${run.message}`)) : undefined;
        const { result, window } = await measureJob<LoopResult & { connected: number; connectFailures: number; dropped: number }>(client, server.child, {
          mode: 'open',
          url: server.url,
          prefix: 'ol-',
          stations,
          connectRate: 2000,
          timeoutMs: 30_000,
          message: run.message,
          rate: run.rate,
          durationS,
        }, undefined, { start: () => profile?.start(), end: () => profile?.stop() });
        if (profile) log(await profile.summary());
        const keptUp = result.answered >= result.sent * 0.99 && (result.backlog ?? 0) === 0 && result.timeouts === 0;
        records.push({
          scenario: 'open',
          message: run.message,
          server: kind,
          version: server.version,
          N: result.connected,
          rate: run.rate,
          durationS,
          rps: result.rps,
          p50: result.latencyMs.p50,
          p99: result.latencyMs.p99,
          p999: result.latencyMs.p999,
          srvUsPerMsg: result.answered > 0 ? Math.round(window.serverCpuUs / result.answered) : null,
          errors: result.callErrors + result.timeouts + result.connectFailures + result.dropped,
          details: { keptUp, sent: result.sent, answered: result.answered, delayed: result.delayed, backlog: result.backlog, connectFailures: result.connectFailures },
          ...window,
        });
        log(`open   ${run.message} ${run.rate}/s ${kind.padEnd(16)}: p99 ${result.latencyMs.p99} ms, ${keptUp ? 'kept up' : 'fell behind'}${window.clientBound ? ' (client-bound)' : ''}`);
        if (isGateway(kind)) await server.child.request('flush');
      }
    } catch (error) {
      // one server that cannot finish (a client timeout on a loaded box) is a result too; the others still run
      log(`open   ${current?.message ?? ''} ${kind}: failed: ${(error as Error).message}`);
      records.push({ scenario: 'open', message: current?.message, server: kind, version: server.version, N: stations, rate: current?.rate, durationS, errors: 1, details: { keptUp: false, failed: (error as Error).message } });
    } finally {
      await stopAll([server.child]);
    }
  }
  return records;
}

/** Reboot storm: every station connects at once, boots and reports two connectors; the gateways' rows are checked. */
export async function stormScenario(options: BenchOptions, client: Child, log: (line: string) => void): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  const { stations, connectors } = options.storm;
  for (const kind of options.servers) {
    const server = await startServer(kind, options, { prefix: 'st-', stations });
    try {
      const since = new Date();
      const { result, window } = await measureJob<StormResult>(client, server.child, {
        mode: 'storm',
        url: server.url,
        prefix: 'st-',
        stations,
        connectRate: 0,
        timeoutMs: 120_000,
        connectors,
      });
      const rows = isGateway(kind)
        ? await server.child.request<Record<string, unknown>>('verify', { prefix: 'st-', count: stations, since: since.toISOString(), connectors })
        : undefined;
      await client.request('release');
      records.push({
        scenario: 'storm',
        server: kind,
        version: server.version,
        N: stations,
        errors: result.connectFailures + result.callErrors + (result.stations - result.completed),
        p99: result.connectBootMs.p99,
        srvUsPerMsg: result.completed > 0 ? Math.round(window.serverCpuUs / (result.completed * (1 + connectors))) : null,
        details: { totalMs: result.totalMs, completed: result.completed, connectBootMs: result.connectBootMs, statusMs: result.statusMs, ...(rows ? { rows } : {}) },
        ...window,
      });
      log(`storm  ${stations} stations ${kind.padEnd(16)}: ${result.totalMs} ms until the last answer, ${result.completed} complete${rows ? `, rows complete: ${String(rows.complete)}` : ''}`);
    } finally {
      await stopAll([server.child]);
    }
  }
  return records;
}

/** Idle fleet: stations connect and boot, then do nothing; the server's RSS per connection after a GC. */
export async function idleScenario(options: BenchOptions, client: Child, log: (line: string) => void): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  const { stations, connectRate } = options.idle;
  for (const kind of options.servers) {
    const server = await startServer(kind, options, { prefix: 'id-', stations });
    try {
      // the same settling before as after, so the allocator's own give-back does not pass for a saving
      await sleep(5000);
      await server.child.request('gc');
      await sleep(1000);
      const heapBefore = await server.child.request<NodeJS.MemoryUsage>('gc');
      const rssBefore = processRssBytes(server.child.pid);
      const slabBefore = slabBytes();
      const held = await client.request<{ connected: number; connectFailures: number; connectMs: number }>('run', {
        mode: 'idle',
        url: server.url,
        prefix: 'id-',
        stations,
        connectRate,
        timeoutMs: 60_000,
      });
      if (isGateway(kind)) await server.child.request('flush');
      // let buffered writes and the first ping round settle, then measure after a full GC
      await sleep(5000);
      await server.child.request('gc');
      await sleep(1000);
      const heapAfter = await server.child.request<NodeJS.MemoryUsage>('gc');
      const rssAfter = processRssBytes(server.child.pid);
      const slabAfter = slabBytes();
      const { stillConnected } = await client.request<{ stillConnected: number }>('release');
      const perConn = (before: number, after: number) => (held.connected > 0 ? Math.round(((after - before) / held.connected / 1024) * 100) / 100 : null);
      const perConnKB = perConn(rssBefore, rssAfter);
      records.push({
        scenario: 'idle',
        server: kind,
        version: server.version,
        N: held.connected,
        errors: held.connectFailures + (held.connected - stillConnected),
        details: {
          rssPerConnKB: perConnKB,
          // live JavaScript objects per connection, and the heap V8 kept after growing it during the connect burst
          heapUsedPerConnKB: perConn(heapBefore.heapUsed, heapAfter.heapUsed),
          heapTotalPerConnKB: perConn(heapBefore.heapTotal, heapAfter.heapTotal),
          rssBeforeMB: Math.round(rssBefore / 1e5) / 10,
          rssAfterMB: Math.round(rssAfter / 1e5) / 10,
          slabPerConnKB: held.connected > 0 ? Math.round(((slabAfter - slabBefore) / held.connected / 1024) * 100) / 100 : null,
          connectMs: held.connectMs,
          stillConnected,
        },
      });
      log(`idle   ${held.connected} stations ${kind.padEnd(16)}: ${perConnKB} KB RSS per connection, ${stillConnected} still connected`);
    } finally {
      await stopAll([server.child]);
    }
  }
  return records;
}
