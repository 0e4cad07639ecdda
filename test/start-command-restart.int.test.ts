import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@csms/db';
import { ChargePoint } from '@csms/simulators';
import { SYSTEM_PROBE_WORKFLOW, systemProbeWorkflowId, WORKER_TASK_QUEUE, type SystemProbeResult } from '@csms/temporal';
import { isListening } from './support/ports.ts';
import { startSystem, systemEnvironment, type StartedSystem, type SystemEnvironment } from './support/system.ts';

type Name = 'temporal' | 'worker' | 'gateway' | 'web';

/** The pid of the current incarnation of `name`, from the supervisor's `started`/`restarted` lines. */
function pidOf(output: readonly string[], name: Name): number {
  const pattern = new RegExp(String.raw`\[${name}\]\s+(?:started|restarted \(restart \d+,) \(?pid (\d+)\)`, 'g');
  const matches = [...output.join('').matchAll(pattern)];
  const last = matches.at(-1);
  if (!last) throw new Error(`no pid of ${name} in the output`);
  return Number(last[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * The start command keeps the system up when one of its processes dies (kill -9): the process is started again with
 * back-off and serves again; a process that keeps dying stops the system with a one-line reason.
 */
describe('the start command restarts a process that dies', () => {
  let system: SystemEnvironment;
  let started: StartedSystem | undefined;
  let db: Database | undefined;
  let station: ChargePoint | undefined;
  const pids: number[] = [];

  beforeAll(async () => {
    system = await systemEnvironment();
  });

  afterEach(async () => {
    await station?.close();
    station = undefined;
    await db?.close();
    db = undefined;
    if (started && started.child.exitCode === null) started.child.kill('SIGTERM');
    await started?.exited;
    started = undefined;
  });

  afterAll(async () => {
    await system?.dispose();
  });

  const output = () => started!.output.join('');
  const waitForLine = (text: string) => expect.poll(output, { timeout: 120_000, interval: 250 }).toContain(text);

  /** kill -9 the current incarnation of `name`, then wait until the supervisor says it is back and healthy. */
  async function killAndAwaitRestart(name: Name, restart: number): Promise<number> {
    const pid = pidOf(started!.output, name);
    pids.push(pid);
    process.kill(pid, 'SIGKILL');
    await waitForLine(`[${name}]`.padEnd(10) + ` died (signal SIGKILL); restart ${restart} in `);
    await waitForLine(`[${name}]`.padEnd(10) + ` restarted (restart ${restart}, pid `);
    const next = pidOf(started!.output, name);
    expect(next).not.toBe(pid);
    pids.push(next);
    return next;
  }

  it('brings Temporal, the worker, the gateway and web back after kill -9, and each serves again', async () => {
    started = await startSystem({ ...system.env, SUPERVISOR_RESTART_DELAY_MS: '200' });
    const { gateway, web, worker, temporal } = system.ports;
    db = await openDatabase(system.databaseUrl);
    await db.chargePoints.create('RESTARTED', { name: 'restart' });
    station = new ChargePoint({
      url: `ws://127.0.0.1:${gateway}/OCPP`,
      id: 'RESTARTED',
      heartbeat: false,
      reconnect: { minDelayMs: 200, maxDelayMs: 1000 },
    });
    await station.powerUp();
    await expect.poll(async () => (await db!.chargePoints.get('RESTARTED'))?.online, { timeout: 30_000 }).toBe(true);

    const probe = async () => {
      const connection = await Connection.connect({ address: `127.0.0.1:${temporal}` });
      try {
        const client = new Client({ connection, namespace: 'csms' });
        return await client.workflow.execute<(input: { echo: string }) => Promise<SystemProbeResult>>(SYSTEM_PROBE_WORKFLOW, {
          taskQueue: WORKER_TASK_QUEUE,
          workflowId: systemProbeWorkflowId(randomUUID()),
          args: [{ echo: 'after a restart' }],
        });
      } finally {
        await connection.close();
      }
    };

    await killAndAwaitRestart('worker', 1);
    await waitForLine('[worker]   healthy again after restart 1');
    expect(await healthy(`http://127.0.0.1:${worker}/health`)).toBe(true);
    expect(await probe()).toMatchObject({ echo: 'after a restart', database: 'ok' });

    await killAndAwaitRestart('gateway', 1);
    await waitForLine('[gateway]  healthy again after restart 1');
    // the station notices the lost socket, reconnects to the new gateway process and is shown online again
    await expect.poll(async () => (await (await fetch(`http://127.0.0.1:${gateway}/health`)).json() as { connections: number }).connections, { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => (await db!.chargePoints.get('RESTARTED'))?.online, { timeout: 30_000 }).toBe(true);
    expect(await station.heartbeat()).toEqual(expect.any(String));

    await killAndAwaitRestart('web', 1);
    await waitForLine('[web]      healthy again after restart 1');
    expect(await healthy(`http://127.0.0.1:${web}/api/v1/health`)).toBe(true);

    // the launcher dies alone; the supervisor kills the dev server it leaves behind before starting a new one
    await killAndAwaitRestart('temporal', 1);
    await expect.poll(probe, { timeout: 120_000, interval: 1000 }).toMatchObject({ echo: 'after a restart' });

    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    for (const port of Object.values(system.ports)) expect(await isListening(port)).toBe(false);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  }, 600_000);

  it('stops the system with a one-line reason when a process keeps dying', async () => {
    started = await startSystem({
      ...system.env,
      SUPERVISOR_MAX_DEATHS: '3',
      SUPERVISOR_DEATH_WINDOW_SECONDS: '600',
      SUPERVISOR_RESTART_DELAY_MS: '200',
    });
    await killAndAwaitRestart('gateway', 1);
    await killAndAwaitRestart('gateway', 2);
    process.kill(pidOf(started.output, 'gateway'), 'SIGKILL');
    expect(await started.exited).toBe(1);
    expect(output()).toContain('[gateway]  died 3 times within 600 s (last: signal SIGKILL); stopping the system\n');
    expect(output()).toContain('[gateway]  died (signal SIGKILL); restart 2 in 0.4 s (death 2 of 3 allowed within 600 s)\n');
    for (const port of Object.values(system.ports)) expect(await isListening(port)).toBe(false);
  }, 600_000);
});
