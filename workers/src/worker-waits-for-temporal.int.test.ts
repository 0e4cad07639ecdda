import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { startDevServer, type DevServer } from '@csms/temporal/tools';
import { freePorts } from '../../test/support/ports.ts';

/**
 * A worker process started while Temporal is down waits for it instead of exiting (under the start command a worker
 * that died at every restart during an outage would soon stop the whole system), and serves once Temporal is up.
 */
describe('the worker process started before Temporal', () => {
  const namespace = inject('temporalNamespace');
  const binary = inject('temporalCliPath');
  let db: TestDatabase | undefined;
  let worker: ChildProcess | undefined;
  let server: DevServer | undefined;
  let dir: string | undefined;

  afterAll(async () => {
    worker?.kill('SIGTERM');
    if (worker && worker.exitCode === null) await new Promise((r) => worker!.once('exit', r));
    await server?.stop();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('waits for Temporal, then serves', async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'csms-wait-'));
    const [temporalPort, healthPort] = (await freePorts(2)) as [number, number];
    const output: string[] = [];
    worker = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'main.ts')], {
      env: { ...process.env, DATABASE_URL: db.url, CSMS_DATA_DIR: dir, TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`, TEMPORAL_NAMESPACE: namespace, WORKER_HEALTH_PORT: String(healthPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [worker.stdout!, worker.stderr!]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    let exitCode: number | null | undefined;
    worker.once('exit', (code) => (exitCode = code));

    await expect.poll(() => output.join(''), { timeout: 120_000, interval: 250 }).toContain('Temporal does not answer; waiting for it');
    await expect.poll(() => output.join('').split('waiting for it').length, { timeout: 60_000, interval: 250 }).toBeGreaterThan(2);
    expect(exitCode).toBeUndefined();

    server = await startDevServer({ binary, port: temporalPort, uiPort: null, namespace, dbFile: join(dir, 'temporal.sqlite') });
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${healthPort}/health`).catch(() => undefined))?.status, { timeout: 180_000, interval: 500 })
      .toBe(200);
    expect(exitCode).toBeUndefined();
  }, 400_000);
});
