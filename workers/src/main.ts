/**
 * The worker process: hosts every workflow and the database/Stripe activities on the shared task queue, and answers
 * `GET /health` and `GET /metrics` on WORKER_HEALTH_PORT.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import pino, { type Logger } from 'pino';
import { openDatabase } from '@csms/db';
import { WORKER_TASK_QUEUE } from '@csms/temporal';
import { connectClient } from '@csms/temporal/client';
import { createChargingSessionActivities } from './activities/charging-session.activities.ts';
import { createCommandActivities } from './activities/command.activities.ts';
import { createPaymentDbActivities } from './activities/payment.activities.ts';
import { createRefundActivities } from './activities/refund.activities.ts';
import { createStripeActivities } from './activities/stripe.activities.ts';
import { createStripeClient } from './payments/stripe-client.ts';
import { loadWorkerConfig } from './config.ts';
import { startHealthServer } from './health-server.ts';
import { activityMetricsInterceptor } from './metrics/activity-metrics.ts';
import { WorkerMetrics } from './metrics/worker-metrics.ts';
import { OutboxRelay } from './relay/outbox-relay.ts';
import { scheduleLocalListSync } from './local-list-sync-job.ts';
import { scheduleNodeSweep } from './node-sweep-job.ts';
import { scheduleRetention } from './retention-job.ts';
import { configErrorLine } from '@csms/temporal/env';
import { installTemporalRuntime } from '@csms/temporal/runtime';
import { startTracing, tracingSettings } from '@csms/temporal/tracing';
import { createCsmsWorker, type CsmsWorker } from './worker.ts';
import { whenTemporalAnswers } from './await-temporal.ts';

/** The process's logger, once `main` has read the config. */
let startedLog: Logger | undefined;

function readConfig() {
  try {
    return { ...loadWorkerConfig(), tracing: tracingSettings(process.env, 'csms-worker') };
  } catch (error) {
    // a bad variable: one line naming it, not a stack trace
    const line = configErrorLine(error);
    if (line === undefined) throw error;
    console.error(`worker: ${line}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = (startedLog = pino({ name: 'worker', level: config.logLevel }));
  // `npm run build` writes the workflow bundles beside the compiled main.js; from the sources there are none. With
  // tracing on, the one with OpenTelemetry's workflow interceptors (a prebuilt bundle cannot take them from the plugin);
  // off, the one without: their spans go to a sink only the tracing plugin registers
  const prebuiltWorkflows = fileURLToPath(new URL(config.tracing ? './workflow-bundle-otel.js' : './workflow-bundle.js', import.meta.url));
  const workflowBundlePath = existsSync(prebuiltWorkflows) ? prebuiltWorkflows : undefined;
  installTemporalRuntime(log, 'WARN', config.temporalMetricsAddress ? { prometheusBindAddress: config.temporalMetricsAddress } : {});
  // off unless configured; on, the relay continues each station message's trace into the session workflow
  const tracing = config.tracing ? await startTracing(config.tracing) : undefined;
  if (config.tracing) log.info({ tracesUrl: config.tracing.tracesUrl, serviceName: config.tracing.serviceName }, 'tracing on');
  const database = await openDatabase(config.databaseUrl);
  // payments are off without a Stripe key: the web app then starts no paid session
  const stripe = config.stripe ? createStripeClient(config.stripe) : null;
  let stopping = false;
  const running: { worker?: CsmsWorker } = {};
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down');
    running.worker?.shutdown();
  };
  // installed before waiting for Temporal, so a supervisor stopping us meanwhile is honoured
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);

  const metrics = new WorkerMetrics({ backlog: () => database.outbox.countUndelivered(), fleet: () => database.fleetOverview.counts() });
  const created = await whenTemporalAnswers(() => createCsmsWorker({
    temporal: config.temporal,
    activityInterceptors: [activityMetricsInterceptor(metrics)],
    ...(workflowBundlePath ? { workflowBundlePath } : {}),
    ...(tracing ? { plugins: [tracing.workerPlugin] } : {}),
    checkDatabase: () => database.ping(),
    activities: {
      ...createChargingSessionActivities(database),
      ...createCommandActivities(database),
      ...createPaymentDbActivities(database),
      ...(stripe ? { ...createStripeActivities(stripe, database), ...createRefundActivities(stripe, database) } : {}),
    },
  }), { log, stopped: () => stopping }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  if (!created) {
    await database.close();
    log.info('stopped before Temporal answered');
    process.exit(0);
  }
  const csmsWorker = (running.worker = created);
  const health = await startHealthServer(
    config.health.host,
    config.health.port,
    () => ({
      healthy: csmsWorker.worker.getState() === 'RUNNING',
      worker: csmsWorker.worker.getState(),
      taskQueue: csmsWorker.worker.options.taskQueue,
    }),
    () => metrics.scrape(),
  );
  const stopRetention = scheduleRetention(database, config.retention, log);
  const stopNodeSweep = scheduleNodeSweep(database, config.nodeSweepIntervalMs, log);
  // lazy: the relay's calls carry deadlines and are retried, so a Temporal that is down again needs no special case
  const clientConnection = connectClient(config.temporal);
  const relay = new OutboxRelay({
    database,
    workflows: new Client({
      connection: clientConnection,
      namespace: config.temporal.namespace,
      ...(tracing ? { interceptors: { workflow: [tracing.clientInterceptor] } } : {}),
    }).workflow,
    taskQueue: WORKER_TASK_QUEUE,
    log,
    metrics,
  });
  relay.start();
  const stopLocalListSync =
    config.localListSyncIntervalMs > 0
      ? scheduleLocalListSync({
          database,
          workflows: new Client({ connection: clientConnection, namespace: config.temporal.namespace }).workflow,
          taskQueue: WORKER_TASK_QUEUE,
          intervalMs: config.localListSyncIntervalMs,
          log,
        })
      : () => undefined;
  log.info({ port: health.port, temporal: config.temporal.address, temporalTls: Boolean(config.temporal.tls), payments: stripe !== null, workflows: workflowBundlePath ? 'prebuilt' : 'sources', ...(workflowBundlePath ? { workflowBundle: basename(workflowBundlePath) } : {}) }, 'worker started');

  if (stopping) csmsWorker.shutdown();
  await csmsWorker.run();
  await relay.stop();
  await clientConnection.close();
  await tracing?.shutdown().catch(() => undefined);
  stopRetention();
  stopNodeSweep();
  stopLocalListSync();
  await health.close();
  await database.close();
  log.info('stopped');
  // the Temporal runtime keeps native handles open; leave explicitly once the worker has drained
  process.exit(0);
}

main().catch((error: unknown) => {
  // without a logger yet (a bad variable): the error as Node prints it
  if (startedLog) startedLog.fatal({ err: error }, 'worker failed');
  else console.error(error);
  process.exit(1);
});
