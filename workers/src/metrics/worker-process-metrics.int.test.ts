import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { freePorts } from '../../../test/support/ports.ts';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test/support/otlp-receiver.ts';

const text = async (url: string) => {
  const response = await fetch(url).catch(() => undefined);
  return response?.status === 200 ? response.text() : '';
};

/**
 * The worker process as deployed: `GET /metrics` on its health port, and the Temporal SDK's own metrics on
 * `WORKER_TEMPORAL_METRICS_PORT` (the runtime is process-wide, so only a process of its own can show it).
 */
describe('the worker process metrics', () => {
  let db: TestDatabase | undefined;
  let worker: ChildProcess | undefined;
  let dir: string | undefined;
  let receiver: OtlpReceiver | undefined;

  afterAll(async () => {
    worker?.kill('SIGTERM');
    if (worker && worker.exitCode === null) await new Promise((r) => worker!.once('exit', r));
    await db?.close();
    await receiver?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves csms_worker_* on the health port and temporal_* on the SDK metrics port', async () => {
    receiver = await startOtlpReceiver();
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'csms-worker-metrics-'));
    const [healthPort, temporalMetricsPort] = (await freePorts(2)) as [number, number];
    const output: string[] = [];
    worker = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../main.ts')], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        CSMS_DATA_DIR: dir,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_NAMESPACE: inject('temporalNamespace'),
        WORKER_HEALTH_HOST: '127.0.0.1',
        WORKER_HEALTH_PORT: String(healthPort),
        WORKER_TEMPORAL_METRICS_PORT: String(temporalMetricsPort),
        // tracing on (the SDK loaded, Temporal's plugin in the worker): it must start as cleanly as without
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url.replace(/\/v1\/traces$/, ''),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [worker.stdout!, worker.stderr!]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));

    await expect
      .poll(() => text(`http://127.0.0.1:${healthPort}/metrics`), { timeout: 180_000, interval: 500 })
      .toContain('# TYPE csms_worker_outbox_backlog gauge');
    const own = await text(`http://127.0.0.1:${healthPort}/metrics`);
    expect(own).toMatch(/^csms_worker_outbox_backlog 0$/m);
    expect(own).toContain('# TYPE csms_worker_activities_total counter');
    expect(own).toContain('# TYPE csms_worker_process_resident_memory_bytes gauge');
    expect(own).toMatch(/^csms_worker_stations\{state="offline"\} 0$/m);
    expect(output.join('')).toContain('"msg":"tracing on"');

    // the worker polls as soon as it runs; the SDK counts its polls and RPCs
    await expect
      .poll(() => text(`http://127.0.0.1:${temporalMetricsPort}/metrics`), { timeout: 60_000, interval: 500 })
      .toMatch(/^# TYPE temporal_\w+ (counter|gauge|histogram)$/m);
    const sdk = await text(`http://127.0.0.1:${temporalMetricsPort}/metrics`);
    expect(sdk).toMatch(/^temporal_\w+_total\{/m);
    expect(output.join('')).not.toMatch(/"level":(50|60)/);
  }, 300_000);
});
