import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { freePort } from '../../../test/support/ports.ts';
import { SYSTEM_PROBE_WORKFLOW } from '@csms/temporal';
import { createSystemProbeActivities } from '../activities/system-probe.activities.ts';
import { startHealthServer } from '../health-server.ts';
import { OutboxRelay } from '../relay/outbox-relay.ts';
import { createCsmsWorker } from '../worker.ts';
import { activityMetricsInterceptor } from './activity-metrics.ts';
import { WorkerMetrics } from './worker-metrics.ts';

const log = pino({ level: 'silent' });

/** `name{labels} value` of one sample in an exposition; throws when it is missing. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no sample ${series}`);
  return Number(line.slice(series.length + 1));
}

/** Issue 17 item 4: the worker's `GET /metrics`, fed by the outbox relay, scraped from the health port. */
describe('worker metrics endpoint', () => {
  const namespace = inject('temporalNamespace');
  let db: TestDatabase;
  let metrics: WorkerMetrics;
  let health: Awaited<ReturnType<typeof startHealthServer>>;
  const scrape = async () => {
    const response = await fetch(`http://127.0.0.1:${health.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    return response.text();
  };
  const append = (type: string, transactionId: number | string) =>
    db.outbox.append({ workflowId: `metrics-${randomUUID()}`, type, payload: { chargePointId: 'CP-MET', transactionId }, at: new Date() });

  beforeAll(async () => {
    db = await createTestDatabase();
    metrics = new WorkerMetrics({ backlog: () => db.outbox.countUndelivered() });
    health = await startHealthServer('127.0.0.1', 0, () => ({ healthy: true }), () => metrics.scrape());
  });

  afterAll(async () => {
    await health?.close();
    await db?.close();
  });

  it('counts a malformed event, a failed delivery and the backlog; then a delivery and its lag', async () => {
    const before = await scrape();
    for (const family of ['csms_worker_outbox_backlog gauge', 'csms_worker_outbox_events_settled_total counter', 'csms_worker_outbox_delivery_failures_total counter', 'csms_worker_outbox_delivery_lag_seconds histogram', 'csms_worker_process_cpu_user_seconds_total counter']) {
      expect(before).toContain(`# TYPE ${family}`);
    }
    expect(sample(before, 'csms_worker_outbox_backlog')).toBe(0);
    expect(sample(before, 'csms_worker_outbox_events_settled_total{outcome="delivered"}')).toBe(0);

    await append('noSuchEventType', 1);
    await append('started', 7);
    expect(sample(await scrape(), 'csms_worker_outbox_backlog')).toBe(2);

    // Temporal unreachable: nobody listens on this port
    const unreachable = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    const down = new OutboxRelay({ database: db, workflows: new Client({ connection: unreachable, namespace }).workflow, taskQueue: 'metrics', log, callTimeoutMs: 1000, metrics });
    expect(await down.deliverOnce()).toBe(1);
    await unreachable.close();
    const afterOutage = await scrape();
    expect(sample(afterOutage, 'csms_worker_outbox_events_settled_total{outcome="malformed"}')).toBe(1);
    expect(sample(afterOutage, 'csms_worker_outbox_delivery_failures_total')).toBe(1);
    expect(sample(afterOutage, 'csms_worker_outbox_backlog')).toBe(1);
    expect(sample(afterOutage, 'csms_worker_outbox_delivery_lag_seconds_count')).toBe(0);
    expect(sample(afterOutage, 'csms_worker_outbox_delivery_retries_total')).toBe(0);

    // the real dev server: signalWithStart needs no worker polling the task queue
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const up = new OutboxRelay({ database: db, workflows: new Client({ connection, namespace }).workflow, taskQueue: `metrics-${randomUUID()}`, log, metrics });
      // the failed event waits for its retry (1 s back-off); deliver it as if that time had come
      expect(await up.deliverOnce(new Date(Date.now() + 120_000))).toBe(1);
    } finally {
      await connection.close();
    }
    const delivered = await scrape();
    expect(sample(delivered, 'csms_worker_outbox_events_settled_total{outcome="delivered"}')).toBe(1);
    expect(sample(delivered, 'csms_worker_outbox_delivery_lag_seconds_count')).toBe(1);
    expect(sample(delivered, 'csms_worker_outbox_backlog')).toBe(0);
    expect(sample(delivered, 'csms_worker_outbox_delivery_failures_total')).toBe(1);
    expect(sample(delivered, 'csms_worker_outbox_delivery_retries_total')).toBe(1);
  });

  it('counts activity attempts by name and outcome', async () => {
    const address = inject('temporalAddress');
    const taskQueue = `metrics-${randomUUID()}`;
    const probe = createSystemProbeActivities({ identity: 'metrics-test', checkDatabase: () => db.ping() });
    const csmsWorker = await createCsmsWorker({
      temporal: { address, namespace },
      taskQueue,
      checkDatabase: () => db.ping(),
      activities: {
        probeWorker: async (echo: string) => {
          if (echo === 'fail') throw ApplicationFailure.nonRetryable('probe failed on purpose');
          return probe.probeWorker(echo);
        },
      },
      activityInterceptors: [activityMetricsInterceptor(metrics)],
    });
    const running = csmsWorker.run();
    const connection = await Connection.connect({ address });
    try {
      const client = new Client({ connection, namespace });
      const run = (echo: string) =>
        client.workflow.execute(SYSTEM_PROBE_WORKFLOW, { taskQueue, workflowId: `metrics-probe-${randomUUID()}`, args: [{ echo }] });
      await expect(run('hello')).resolves.toMatchObject({ echo: 'hello', database: 'ok' });
      await expect(run('fail')).rejects.toBeInstanceOf(WorkflowFailedError);
    } finally {
      await connection.close();
      csmsWorker.shutdown();
      await running;
    }
    const text = await scrape();
    expect(text).toContain('# TYPE csms_worker_activities_total counter');
    expect(sample(text, 'csms_worker_activities_total{activity="probeWorker",outcome="completed"}')).toBe(1);
    expect(sample(text, 'csms_worker_activities_total{activity="probeWorker",outcome="failed"}')).toBe(1);
    expect(sample(text, 'csms_worker_activity_duration_seconds_count{activity="probeWorker"}')).toBe(2);
  });
});
