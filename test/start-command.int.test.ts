import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PROBE_WORKFLOW, systemProbeWorkflowId, WORKER_TASK_QUEUE, type SystemProbeResult } from '@csms/temporal';
import { freePort, isListening } from './support/ports.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..');

interface Started {
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | null>;
}

/** Runs `npm start`'s script with the given environment and resolves once it reports that every process is healthy. */
async function startSystem(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/start.mjs')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolveReady, reject) => {
    child.on('message', (message: { ready?: boolean }) => message.ready && resolveReady());
    void exited.then((code) => reject(new Error(`start command exited with ${code}:\n${output.join('')}`)));
  });
  return { child, output, exited };
}

describe('the start command', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let ports: number[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-start-'));
    const [gateway, web, worker, temporal, temporalUi] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    ports = [gateway!, web!, worker!, temporal!];
    env = {
      CSMS_DATA_DIR: dataDir,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(gateway),
      WEB_HOST: '127.0.0.1',
      WEB_PORT: String(web),
      WORKER_HEALTH_PORT: String(worker),
      TEMPORAL_PORT: String(temporal),
      TEMPORAL_UI_PORT: String(temporalUi),
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: `smoke-${randomUUID()}`,
    };
    for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEST_POSTGRES_URL']) env[name] = '';
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts every process healthy, runs a workflow, stops cleanly, and keeps the data for the next start', async () => {
    const first = await startSystem(env);
    const [gateway, web, worker, temporal] = ports as [number, number, number, number];
    const health = async (url: string) => (await fetch(url)).json() as Promise<{ status: string }>;
    expect(await health(`http://127.0.0.1:${gateway}/health`)).toMatchObject({ status: 'ok' });
    expect(await health(`http://127.0.0.1:${web}/api/v1/health`)).toMatchObject({ status: 'ok' });
    expect(await health(`http://127.0.0.1:${worker}/health`)).toMatchObject({ status: 'ok' });
    expect(first.output.join('')).toContain(`ws://localhost:${gateway}/OCPP/<chargePointId>`);

    const workflowId = systemProbeWorkflowId(randomUUID());
    const connection = await Connection.connect({ address: `127.0.0.1:${temporal}` });
    try {
      const client = new Client({ connection, namespace: 'csms' });
      const result = await client.workflow.execute<(input: { echo: string }) => Promise<SystemProbeResult>>(
        SYSTEM_PROBE_WORKFLOW,
        { taskQueue: WORKER_TASK_QUEUE, workflowId, args: [{ echo: 'smoke' }] },
      );
      expect(result).toMatchObject({ echo: 'smoke', database: 'ok' });
    } finally {
      await connection.close();
    }

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    for (const port of ports) expect(await isListening(port)).toBe(false);

    const second = await startSystem(env);
    try {
      const again = await Connection.connect({ address: `127.0.0.1:${temporal}` });
      try {
        const client = new Client({ connection: again, namespace: 'csms' });
        const described = await client.workflow.getHandle(workflowId).describe();
        expect(described.status.name).toBe('COMPLETED');
      } finally {
        await again.close();
      }
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    for (const port of ports) expect(await isListening(port)).toBe(false);
  }, 300_000);

  it('leaves no process behind when the start command itself is killed', async () => {
    const started = await startSystem(env);
    started.child.kill('SIGKILL');
    await started.exited;
    // every child notices its IPC channel closing and stops itself
    await expect.poll(async () => (await Promise.all(ports.map(isListening))).some(Boolean), { timeout: 30_000, interval: 250 }).toBe(false);
  }, 300_000);
});
