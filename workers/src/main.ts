/**
 * The worker process: hosts every workflow and the database/Stripe activities on the shared task queue, and answers
 * `GET /health` on WORKER_HEALTH_PORT.
 */
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { openDatabase } from '@csms/db';
import { WORKER_TASK_QUEUE } from '@csms/temporal';
import { createChargingSessionActivities } from './activities/charging-session.activities.ts';
import { createCommandActivities } from './activities/command.activities.ts';
import { createPaymentDbActivities } from './activities/payment.activities.ts';
import { createRefundActivities } from './activities/refund.activities.ts';
import { createStripeActivities } from './activities/stripe.activities.ts';
import { createStripeClient } from './payments/stripe-client.ts';
import { loadWorkerConfig } from './config.ts';
import { startHealthServer } from './health-server.ts';
import { OutboxRelay } from './relay/outbox-relay.ts';
import { scheduleNodeSweep } from './node-sweep-job.ts';
import { scheduleRetention } from './retention-job.ts';
import { installTemporalRuntime } from '@csms/temporal/runtime';
import { createCsmsWorker } from './worker.ts';

const config = loadWorkerConfig();
const log = pino({ name: 'worker', level: config.logLevel });

async function main(): Promise<void> {
  installTemporalRuntime(log);
  const database = await openDatabase(config.databaseUrl);
  // payments are off without a Stripe key: the web app then starts no paid session
  const stripe = config.stripe ? createStripeClient(config.stripe) : null;
  const csmsWorker = await createCsmsWorker({
    temporal: config.temporal,
    checkDatabase: () => database.ping(),
    activities: {
      ...createChargingSessionActivities(database),
      ...createCommandActivities(database),
      ...createPaymentDbActivities(database),
      ...(stripe ? { ...createStripeActivities(stripe, database), ...createRefundActivities(stripe, database) } : {}),
    },
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const health = await startHealthServer(config.health.host, config.health.port, () => ({
    healthy: csmsWorker.worker.getState() === 'RUNNING',
    worker: csmsWorker.worker.getState(),
    taskQueue: csmsWorker.worker.options.taskQueue,
  }));
  const stopRetention = scheduleRetention(database, config.retention, log);
  const stopNodeSweep = scheduleNodeSweep(database, config.nodeSweepIntervalMs, log);
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  const relay = new OutboxRelay({
    database,
    workflows: new Client({ connection: clientConnection, namespace: config.temporal.namespace }).workflow,
    taskQueue: WORKER_TASK_QUEUE,
    log,
  });
  relay.start();
  log.info({ port: health.port, temporal: config.temporal.address, payments: stripe !== null }, 'worker started');

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down');
    csmsWorker.shutdown();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  await csmsWorker.run();
  await relay.stop();
  await clientConnection.close();
  stopRetention();
  stopNodeSweep();
  await health.close();
  await database.close();
  log.info('stopped');
  // the Temporal runtime keeps native handles open; leave explicitly once the worker has drained
  process.exit(0);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'worker failed');
  process.exit(1);
});
