import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { startGateway, type Gateway } from '@csms/gateway';
import { ChargePoint } from '@csms/simulators';
import { chargingSessionWorkflowId } from '@csms/temporal';
import { startTracing, type Tracing } from '@csms/temporal/tracing';
import { createCsmsWorker, startHealthServer, type CsmsWorker } from '@csms/workers';
import { createChargingSessionActivities } from '../workers/src/activities/charging-session.activities.ts';
import { activityMetricsInterceptor } from '../workers/src/metrics/activity-metrics.ts';
import { WorkerMetrics } from '../workers/src/metrics/worker-metrics.ts';
import { OutboxRelay } from '../workers/src/relay/outbox-relay.ts';
import { testGatewayOptions } from './support/gateway.ts';
import { startGatewayProcess } from './support/gateway-process.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.ts';

/**
 * The value of the sample `name{labels}` (labels in any order, all of them given), or undefined when absent: `series`
 * is written as prom-client prints it, e.g. `csms_gateway_connections{protocol="ocpp1.6",node="x"}`.
 */
function sample(text: string, series: string): number | undefined {
  const key = (s: string) => {
    const brace = s.indexOf('{');
    if (brace < 0) return s;
    return `${s.slice(0, brace)}{${s.slice(brace + 1, -1).split(/,(?=[a-zA-Z_]+=")/).sort().join(',')}}`;
  };
  const wanted = key(series);
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const space = line.lastIndexOf(' ');
    if (key(line.slice(0, space)) === wanted) return Number(line.slice(space + 1));
  }
  return undefined;
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

/**
 * Issue 17 item 4 end to end, in one process: a 1.6 station charges through a real gateway, the outbox relay delivers
 * its events to the charging-session workflow on the Temporal dev server, tracing exports over OTLP/HTTP (JSON) to a
 * receiver on 127.0.0.1. The gateway's and the worker's endpoints are scraped before and after (counts, never
 * durations), and one trace spans the gateway's StartTransaction, the relay's delivery and the workflow.
 */
describe('metrics and traces during a simulated charging session', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `observability-${randomUUID()}`;
  let receiver: OtlpReceiver;
  let tracing: Tracing;
  let db: TestDatabase;
  let gateway: Gateway;
  let workerMetrics: WorkerMetrics;
  let health: Awaited<ReturnType<typeof startHealthServer>>;
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;
  let connection: Connection;
  let relay: OutboxRelay;
  let station: ChargePoint | undefined;
  let gatewayMetricsUrl: string;
  let workerMetricsUrl: string;
  let node: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = await startTracing({ tracesUrl: receiver.url, serviceName: 'csms-observability-test' });
    db = await createTestDatabase();
    const options = testGatewayOptions(db, { prefix: 'obs', ocpp: { meterEventIntervalMs: 0 } });
    node = options.settings.nodeId;
    gateway = await startGateway({ ...options, settings: { ...options.settings, metrics: { host: '127.0.0.1', port: 0 } } });
    gatewayMetricsUrl = `http://127.0.0.1:${gateway.metrics!.port}/metrics`;
    workerMetrics = new WorkerMetrics({ backlog: () => db.outbox.countUndelivered(), fleet: () => db.fleetOverview.counts() });
    health = await startHealthServer('127.0.0.1', 0, () => ({ healthy: true }), () => workerMetrics.scrape());
    workerMetricsUrl = `http://127.0.0.1:${health.port}/metrics`;
    csmsWorker = await createCsmsWorker({
      temporal: { address, namespace },
      taskQueue,
      checkDatabase: () => db.ping(),
      activities: createChargingSessionActivities(db),
      activityInterceptors: [activityMetricsInterceptor(workerMetrics)],
      plugins: [tracing.workerPlugin],
    });
    running = csmsWorker.run();
    connection = await Connection.connect({ address });
    const client = new Client({ connection, namespace, interceptors: { workflow: [tracing.clientInterceptor] } });
    relay = new OutboxRelay({ database: db, workflows: client.workflow, taskQueue, log: pino({ level: 'silent' }), metrics: workerMetrics, pollIntervalMs: 100 });
    relay.start();
    await db.chargeTags.create('OBS-DRIVER', { name: 'Driver' });
  }, 300_000);

  afterAll(async () => {
    await station?.close();
    await relay?.stop();
    csmsWorker?.shutdown();
    await running;
    await connection?.close();
    await gateway?.stop();
    await health?.close();
    await db?.close();
    await tracing?.shutdown();
    await receiver?.close();
  });

  it('moves the gateway and worker series and exports one trace from the station message into the workflow', async () => {
    const gatewayBefore = await scrape(gatewayMetricsUrl);
    expect(sample(gatewayBefore, `csms_gateway_connections{protocol="ocpp1.6",node="${node}"}`)).toBe(0);
    const workerBefore = await scrape(workerMetricsUrl);
    expect(sample(workerBefore, 'csms_worker_outbox_events_settled_total{outcome="delivered"}')).toBe(0);

    const id = `OBS-${randomUUID().slice(0, 6)}`;
    await db.chargePoints.create(id, { name: id });
    station = new ChargePoint({ url: `ws://127.0.0.1:${gateway.port}/OCPP`, id, protocol: 'ocpp1.6', connectors: 1, heartbeat: false, reconnect: false });
    expect((await station.powerUp()).status).toBe('Accepted');
    await station.plugIn(1);
    const started = await station.startTransaction(1, 'OBS-DRIVER');
    expect(started.authorizationStatus).toBe('Accepted');
    station.advanceMeter(1, 500);
    await station.sendMeterValues(1);
    station.advanceMeter(1, 500);
    await station.sendMeterValues(1);
    await station.stopTransaction(1);

    const [row] = await db.transactions.list({ chargePointId: id });
    const workflowId = chargingSessionWorkflowId(id, row!.id);
    const events = await db.outbox.listForWorkflow(workflowId);
    // the trace context rides in the outbox row
    expect(events[0]?.payload.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // the relay delivered every event of the session
    await expect.poll(async () => sample(await scrape(workerMetricsUrl), 'csms_worker_outbox_events_settled_total{outcome="delivered"}'), { timeout: 60_000, interval: 200 }).toBe(events.length);
    const worker = await scrape(workerMetricsUrl);
    expect(sample(worker, 'csms_worker_outbox_backlog')).toBe(0);
    expect(sample(worker, 'csms_worker_outbox_delivery_lag_seconds_count')).toBe(events.length);
    expect(sample(worker, 'csms_worker_outbox_delivery_failures_total')).toBe(0);
    expect(sample(worker, 'csms_worker_stations{state="online"}')).toBe(1);
    expect(sample(worker, 'csms_worker_stations{state="offline"}')).toBe(0);
    expect(sample(worker, 'csms_worker_connectors{state="Charging"}')).toBe(0);
    const tiles = worker.split('\n').filter((l) => l.startsWith('csms_worker_connectors{')).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    expect(tiles).toBe((await db.fleetOverview.counts()).tiles);
    expect(tiles).toBeGreaterThanOrEqual(1);

    const gatewayAfter = await scrape(gatewayMetricsUrl);
    expect(sample(gatewayAfter, `csms_gateway_connections{protocol="ocpp1.6",node="${node}"}`)).toBe(1);
    for (const [action, count] of [['BootNotification', 1], ['StartTransaction', 1], ['MeterValues', 2], ['StopTransaction', 1]] as const) {
      expect(sample(gatewayAfter, `csms_gateway_calls_received_total{action="${action}",node="${node}"}`)).toBe(count);
      expect(sample(gatewayAfter, `csms_gateway_handler_duration_seconds_count{action="${action}",node="${node}"}`)).toBe(count);
    }
    expect(sample(gatewayAfter, `csms_gateway_calls_received_total{action="StatusNotification",node="${node}"}`)).toBeGreaterThanOrEqual(1);
    expect(sample(gatewayAfter, `csms_gateway_db_batch_ops_count{node="${node}"}`)).toBeGreaterThanOrEqual(1);
    expect(gatewayAfter).not.toMatch(/^csms_gateway_call_errors_sent_total\{/m);

    // one trace: the gateway's StartTransaction → the relay's delivery → the client's SignalWithStart → the workflow
    const startSpan = () => receiver.spans.find((s) => s.name === 'ocpp StartTransaction');
    const traceOf = (): ReceivedSpan[] => receiver.spans.filter((s) => s.traceId === startSpan()?.traceId);
    await expect
      .poll(
        async () => {
          await tracing.flush();
          return traceOf().map((s) => s.name);
        },
        { timeout: 60_000, interval: 500 },
      )
      .toEqual(expect.arrayContaining(['ocpp StartTransaction', 'outbox deliver started', 'SignalWithStartWorkflow:chargingSession', 'HandleSignal:sessionEvent']));
    const trace = traceOf();
    const byName = (name: string) => trace.find((s) => s.name === name)!;
    expect(events[0]?.payload.traceparent).toContain(byName('ocpp StartTransaction').spanId);
    expect(byName('outbox deliver started').parentSpanId).toBe(byName('ocpp StartTransaction').spanId);
    expect(byName('SignalWithStartWorkflow:chargingSession').parentSpanId).toBe(byName('outbox deliver started').spanId);
    expect(byName('HandleSignal:sessionEvent').parentSpanId).toBe(byName('SignalWithStartWorkflow:chargingSession').spanId);
    // the stop's event carries the StopTransaction's span; every event's context is its own message's
    const stopSpan = receiver.spans.find((s) => s.name === 'ocpp StopTransaction');
    expect(events.at(-1)?.type).toBe('stopped');
    expect(events.at(-1)?.payload.traceparent).toBe(`00-${stopSpan?.traceId}-${stopSpan?.spanId}-01`);
    for (const event of events) {
      const [, traceId, spanId] = String(event.payload.traceparent ?? '--').split('-');
      if (event.payload.traceparent === undefined) continue;
      expect(receiver.spans.find((s) => s.traceId === traceId && s.spanId === spanId)?.name, event.type).toMatch(/^ocpp (StartTransaction|MeterValues|StopTransaction)$/);
    }
    // other messages are traces of their own
    expect(trace.some((s) => s.name === 'ocpp MeterValues')).toBe(false);
    expect(receiver.spans.some((s) => s.name === 'ocpp MeterValues')).toBe(true);
    expect(receiver.rejected).toEqual([]);
  });

  it('a gateway process started with OTEL_EXPORTER_OTLP_ENDPOINT exports its spans under its service name', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-observability-'));
    const node = await startGatewayProcess({
      nodeId: `obs-proc-${randomUUID().slice(0, 6)}`,
      env: {
        DATABASE_URL: db.url,
        CSMS_DATA_DIR: dataDir,
        CSMS_SECRET_KEY: randomBytes(32).toString('hex'),
        TEMPORAL_ADDRESS: address,
        TEMPORAL_NAMESPACE: namespace,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url.replace(/\/v1\/traces$/, ''),
        OTEL_SERVICE_NAME: 'csms-gateway-under-test',
      },
    });
    const id = `OBS-P-${randomUUID().slice(0, 6)}`;
    await db.chargePoints.create(id, { name: id });
    const processStation = new ChargePoint({ url: node.url, id, protocol: 'ocpp1.6', connectors: 1, heartbeat: false, reconnect: false });
    try {
      expect((await processStation.powerUp()).status).toBe('Accepted');
      await expect
        .poll(() => receiver.spans.some((s) => s.name === 'ocpp BootNotification' && s.service === 'csms-gateway-under-test'), { timeout: 60_000, interval: 250 })
        .toBe(true);
      expect(receiver.rejected).toEqual([]);
    } finally {
      await processStation.close();
      await node.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
