import type { LoopResult } from '../client/loops.ts';
import { join, resolve } from 'node:path';
import { REPO_ROOT, type Child } from '../lib/ipc.ts';
import { measureJob } from '../lib/measure.ts';
import { PerfRecording } from '../lib/perf-recording.ts';
import type { BenchOptions } from '../lib/options.ts';
import type { BenchRecord } from '../lib/record.ts';
import { isGateway, startServer, stopAll, type ServerUnderTest } from '../lib/servers.ts';

const PREFIX = 'cl-';

/**
 * Closed loop per message type: every server runs at once (idle ones cost nothing), and each round runs every
 * message against every server in turn, so drift and the neighbours' load spread over all arms alike (A/B/A/B).
 */
export async function closedLoopScenario(options: BenchOptions, client: Child, log: (line: string) => void): Promise<BenchRecord[]> {
  const servers: ServerUnderTest[] = [];
  const records: BenchRecord[] = [];
  try {
    for (const kind of options.servers) servers.push(await startServer(kind, options, { prefix: PREFIX, stations: options.closed.stations }));
    for (let round = 1; round <= options.rounds; round++) {
      for (const message of options.messages) {
        for (const server of servers) {
          const profile = options.profileDir && isGateway(server.kind) ? new PerfRecording(server.child.pid, join(resolve(REPO_ROOT, options.profileDir), `${server.kind}-${message}-r${round}`)) : undefined;
          const { result, window } = await measureJob<LoopResult & { connected: number; connectFailures: number; dropped: number }>(client, server.child, {
            mode: 'closed',
            url: server.url,
            prefix: PREFIX,
            stations: options.closed.stations,
            connectRate: 2000,
            timeoutMs: 30_000,
            message,
            warmupS: options.closed.warmupS,
            durationS: options.closed.durationS,
          }, 900_000, { start: () => profile?.start(), end: () => profile?.stop() });
          if (profile) log(await profile.summary());
          if (isGateway(server.kind)) await server.child.request('flush');
          const record: BenchRecord = {
            scenario: 'closed',
            message,
            server: server.kind,
            version: server.version,
            round,
            N: options.closed.stations,
            durationS: result.durationS,
            rps: result.rps,
            p50: result.latencyMs.p50,
            p99: result.latencyMs.p99,
            p999: result.latencyMs.p999,
            srvUsPerMsg: result.answered > 0 ? Math.round(window.serverCpuUs / result.answered) : null,
            errors: result.callErrors + result.timeouts + result.connectFailures + result.dropped,
            ...window,
          };
          records.push(record);
          log(`closed ${message.padEnd(18)} ${server.kind.padEnd(16)} round ${round}: ${record.rps}/s, ${record.srvUsPerMsg} µs CPU/rt, p99 ${record.p99} ms${window.clientBound ? ' (client-bound)' : ''}`);
        }
      }
    }
  } finally {
    await stopAll(servers.map((s) => s.child));
  }
  return records;
}
