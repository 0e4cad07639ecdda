import { randomUUID } from 'node:crypto';
import { get } from 'node:https';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PROBE_WORKFLOW, systemProbeWorkflowId, WORKER_TASK_QUEUE, type SystemProbeResult } from '@csms/temporal';
import { createTestPki } from '../gateway/src/test-kit/test-pki.ts';
import { isListening } from './support/ports.ts';
import { startSystem, systemEnvironment, type SystemEnvironment } from './support/system.ts';

describe('the start command', () => {
  let system: SystemEnvironment | undefined;
  let env: Record<string, string>;
  let ports: number[];

  beforeAll(async () => {
    system = await systemEnvironment();
    env = system.env;
    ports = [system.ports.gateway, system.ports.web, system.ports.worker, system.ports.temporal];
  });

  afterAll(async () => {
    await system?.dispose();
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

  it('runs a gateway that serves TLS itself: health-checked over TLS, wss in the banner', async () => {
    const pki = createTestPki();
    try {
      const ca = pki.ca('server-ca');
      const server = ca.issue('csms.test', { ip: '127.0.0.1' });
      const started = await startSystem({ ...env, GATEWAY_TLS_CERT_FILE: server.certFile, GATEWAY_TLS_KEY_FILE: server.keyFile });
      try {
        const gateway = system!.ports.gateway;
        expect(started.output.join('')).toContain(`wss://localhost:${gateway}/OCPP/<chargePointId>`);
        // a client that trusts the CA gets the health answer over TLS; the port speaks no plain HTTP
        const status = await new Promise<number | undefined>((resolve, reject) =>
          get(`https://127.0.0.1:${gateway}/health`, { ca: ca.cert.pem }, (res) => {
            res.resume();
            resolve(res.statusCode);
          }).on('error', reject),
        );
        expect(status).toBe(200);
        await expect(fetch(`http://127.0.0.1:${gateway}/health`)).rejects.toThrow();
      } finally {
        started.child.kill('SIGTERM');
        expect(await started.exited).toBe(0);
      }
    } finally {
      pki.remove();
    }
  }, 300_000);

  it('leaves no process behind when the start command itself is killed', async () => {
    const started = await startSystem(env);
    started.child.kill('SIGKILL');
    await started.exited;
    // every child notices its IPC channel closing and stops itself
    await expect.poll(async () => (await Promise.all(ports.map(isListening))).some(Boolean), { timeout: 30_000, interval: 250 }).toBe(false);
  }, 300_000);
});
