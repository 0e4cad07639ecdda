/**
 * The bench's load client: one process (pinned to the client core), the same for every server. The bench sends it
 * one job at a time over IPC; it emits `measure-start` / `measure-end` around the measured window so the bench can
 * read both processes' CPU from /proc at those moments.
 */
import { serveParent } from '../lib/ipc.ts';
import { closeFleet, connectFleet, type Fleet } from './fleet.ts';
import type { BenchMessage } from './frames.ts';
import { closedLoop, finishStations, openLoop, prepareStations } from './loops.ts';
import { chargeSessions, holdIdle, rebootStorm } from './scenarios.ts';

/** Fields every job has. */
interface JobBase {
  readonly url: string;
  readonly prefix: string;
  readonly stations: number;
  readonly timeoutMs: number;
  readonly connectRate: number;
}

/** A job of the client. */
export type ClientJob =
  | (JobBase & { readonly mode: 'closed'; readonly message: BenchMessage; readonly warmupS: number; readonly durationS: number })
  | (JobBase & { readonly mode: 'open'; readonly message: BenchMessage; readonly rate: number; readonly durationS: number })
  | (JobBase & { readonly mode: 'storm'; readonly connectors: number })
  | (JobBase & { readonly mode: 'idle' })
  | (JobBase & { readonly mode: 'sessions'; readonly durationS: number; readonly meterValues: number; readonly rate?: number });

let held: Fleet | undefined;

async function connect(job: JobBase): Promise<Fleet> {
  const fleet = await connectFleet({ url: job.url, prefix: job.prefix, count: job.stations, rate: job.connectRate, timeoutMs: job.timeoutMs });
  if (fleet.connected.length === 0) throw new Error(`no station could connect to ${job.url} (${fleet.connectFailures} failures)`);
  return fleet;
}

async function run(job: ClientJob): Promise<Record<string, unknown>> {
  switch (job.mode) {
    case 'closed':
    case 'open': {
      const fleet = await connect(job);
      try {
        const ready = await prepareStations(fleet.connected, job.message);
        const loop = job.mode === 'closed' ? await closedLoop(ready, job.message, job) : await openLoop(ready, job.message, job);
        await finishStations(ready, job.message);
        return {
          connected: fleet.connected.length,
          connectFailures: fleet.connectFailures,
          unprepared: fleet.connected.length - ready.length,
          dropped: fleet.connected.filter((s) => s.dropped).length,
          ...loop,
        };
      } finally {
        await closeFleet(fleet);
      }
    }
    case 'storm': {
      const { fleet, ...result } = await rebootStorm({ ...job, count: job.stations });
      held = fleet;
      return result;
    }
    case 'idle': {
      held = await holdIdle({ ...job, count: job.stations, rate: job.connectRate });
      return { connected: held.connected.length, connectFailures: held.connectFailures, connectMs: Math.round(held.connectMs), connectBootMs: held.connectBoot.summary() };
    }
    case 'sessions': {
      const fleet = await connect(job);
      try {
        return { connectFailures: fleet.connectFailures, ...(await chargeSessions(fleet, job)) };
      } finally {
        await closeFleet(fleet);
      }
    }
  }
}

serveParent({
  run: (job: ClientJob) => run(job),
  /** Idle fleet and storm: how many held stations are still connected, then close them. */
  release: async () => {
    const fleet = held;
    held = undefined;
    if (!fleet) return { stillConnected: 0 };
    const stillConnected = fleet.connected.filter((s) => s.ws !== undefined).length;
    await closeFleet(fleet);
    return { stillConnected };
  },
});
