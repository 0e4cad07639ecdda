import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_NAMESPACE } from '@csms/temporal';
import { ensureTool, startDevServer, TEMPORAL_CLI } from '@csms/temporal/tools';
import { freePorts } from '../../test/support/ports.ts';
import type { SessionsResult } from '../client/scenarios.ts';
import { REPO_ROOT, type Child } from '../lib/ipc.ts';
import { measureJob } from '../lib/measure.ts';
import { PerfRecording } from '../lib/perf-recording.ts';
import type { BenchOptions } from '../lib/options.ts';
import type { BenchRecord } from '../lib/record.ts';
import { isGateway, startServer, stopAll } from '../lib/servers.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the real worker process (workflows, activities, outbox relay) on the gateway's database. */
async function startWorker(env: NodeJS.ProcessEnv): Promise<{ stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'workers/src/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${tail.join('')}`)), 120_000);
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        tail.push(chunk.toString());
        if (tail.length > 20) tail.shift();
        if (chunk.toString().includes('worker started')) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    void exited.then(() => reject(new Error(`worker exited:\n${tail.join('')}`)));
  });
  return {
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function countSessions(client: Client, status: 'Running' | 'Completed'): Promise<{ count: number; lastCloseMs: number }> {
  let count = 0;
  let lastCloseMs = 0;
  for await (const workflow of client.workflow.list({ query: `WorkflowType = 'chargingSession' AND ExecutionStatus = '${status}'` })) {
    count += 1;
    lastCloseMs = Math.max(lastCloseMs, workflow.closeTime?.getTime() ?? 0);
  }
  return { count, lastCloseMs };
}

/**
 * Sessions through Temporal: the real gateway, the real worker (outbox relay, `chargingSession` workflows) and the
 * pinned Temporal dev server (in memory), nothing pinned (they share both cores). First the stations charge short
 * sessions back to back (the most sessions per second), then sessions begin at `--session-rate` per second (the
 * Start/Stop latencies at that load: in a closed loop they are only the queue's length over the throughput). After
 * each run every session's workflow must complete and none may be left running.
 */
export async function sessionsScenario(options: BenchOptions, client: Child, log: (line: string) => void): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  const binary = await ensureTool(TEMPORAL_CLI);
  for (const kind of options.servers.filter(isGateway)) {
    const [port] = (await freePorts(1)) as [number];
    const temporal = await startDevServer({ binary, port, uiPort: null, namespace: DEFAULT_NAMESPACE, readyTimeoutMs: 120_000 });
    const env = { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: DEFAULT_NAMESPACE };
    const server = await startServer(kind, options, { prefix: 'se-', stations: options.sessions.stations }, env, false);
    const worker = await startWorker({ ...env, DATABASE_URL: String(server.child.ready.databaseUrl), WORKER_HEALTH_PORT: '0', WORKER_HEALTH_HOST: '127.0.0.1' });
    const connection = await Connection.connect({ address: temporal.address });
    const workflows = new Client({ connection, namespace: DEFAULT_NAMESPACE });
    try {
      // closed loop (most sessions per second), then paced at the target's rate (the latencies at that load)
      for (const rate of [undefined, ...(options.sessions.rate > 0 ? [options.sessions.rate] : [])]) {
        const before = await countSessions(workflows, 'Completed');
        const startedAt = Date.now();
        const profile = options.profileDir ? new PerfRecording(server.child.pid, join(resolve(REPO_ROOT, options.profileDir), `${kind}-sessions${rate ? `-${rate}` : ''}`)) : undefined;
        const { result, window } = await measureJob<SessionsResult & { connectFailures: number }>(client, server.child, {
          mode: 'sessions',
          url: server.url,
          prefix: 'se-',
          stations: options.sessions.stations,
          connectRate: 1000,
          timeoutMs: 30_000,
          durationS: options.sessions.durationS,
          meterValues: options.sessions.meterValues,
          rate,
        }, undefined, { start: () => profile?.start(), end: () => profile?.stop() });
        if (profile) log(await profile.summary());
        // every stopped session's workflow must complete; wait (bounded) for the relay and the worker to catch up
        const deadline = Date.now() + 180_000;
        let completed = await countSessions(workflows, 'Completed');
        while (completed.count - before.count < result.sessions && Date.now() < deadline) {
          await sleep(1000);
          completed = await countSessions(workflows, 'Completed');
        }
        const running = await countSessions(workflows, 'Running');
        const completedNow = completed.count - before.count;
        const spanS = Math.max(1, (completed.lastCloseMs - startedAt) / 1000);
        const perSecond = Math.round((completedNow / spanS) * 10) / 10;
        records.push({
          scenario: 'sessions',
          server: kind,
          version: server.version,
          N: result.stations,
          ...(rate !== undefined ? { rate } : {}),
          durationS: result.durationS,
          p99: Math.max(result.startMs.p99, result.stopMs.p99),
          errors: result.callErrors + result.timeouts + result.connectFailures,
          details: {
            sessions: result.sessions,
            missed: result.missed,
            completedWorkflows: completedNow,
            runningWorkflows: running.count,
            workflowsPerSecond: perSecond,
            stationSessionsPerSecond: Math.round((result.sessions / result.durationS) * 10) / 10,
            startMs: result.startMs,
            meterMs: result.meterMs,
            stopMs: result.stopMs,
          },
          ...window,
        });
        const load = rate === undefined ? 'closed loop' : `${rate}/s`;
        log(
          `sessions ${kind.padEnd(16)} ${load.padEnd(11)}: ${completedNow}/${result.sessions} workflows completed, ${perSecond}/s, ` +
            `Start p99 ${result.startMs.p99} ms, Stop p99 ${result.stopMs.p99} ms, ${result.missed} missed, ${running.count} running`,
        );
      }
    } finally {
      await connection.close().catch(() => undefined);
      await worker.stop();
      await stopAll([server.child]);
      await temporal.stop();
    }
  }
  return records;
}
