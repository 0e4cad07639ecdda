import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { chargingSessionWorkflowId, type ChargingSessionState } from '@csms/temporal';
import { startDevServer, type DevServer } from '@csms/temporal/tools';
import { freePort } from '../../../test/support/ports.ts';
import { createChargingSessionActivities } from '../activities/charging-session.activities.ts';
import { createCsmsWorker, type CsmsWorker } from '../worker.ts';
import { OutboxRelay } from './outbox-relay.ts';

const SESSIONS = 20;

/**
 * The loss test: sessions keep producing events while Temporal is down; after it comes back (same SQLite file)
 * every session completes with its exact energy and there is exactly one workflow per session.
 */
describe('a Temporal outage in the middle of 20 sessions', () => {
  const namespace = inject('temporalNamespace');
  const binary = inject('temporalCliPath');
  const taskQueue = `outage-${randomUUID()}`;
  const station = `CP-OUT-${randomUUID().slice(0, 6)}`;
  let dir: string;
  let port: number;
  let server: DevServer;
  let db: TestDatabase;
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;

  const launch = () =>
    startDevServer({ binary, port, uiPort: null, dbFile: join(dir, 'temporal.sqlite'), namespace, logLevel: 'error' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csms-outage-'));
    port = await freePort();
    server = await launch();
    db = await createTestDatabase();
    await db.chargePoints.create(station, { name: 'outage' });
    csmsWorker = await createCsmsWorker({
      temporal: { address: server.address, namespace },
      taskQueue,
      checkDatabase: () => db.ping(),
      activities: createChargingSessionActivities(db),
    });
    running = csmsWorker.run();
  });

  afterAll(async () => {
    csmsWorker?.shutdown();
    await running;
    await server?.stop();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('completes every session with its exact energy and one workflow each', async () => {
    const log = pino({ level: 'silent' });
    const lazy = Connection.lazy({ address: server.address });
    const relay = new OutboxRelay({ database: db, workflows: new Client({ connection: lazy, namespace }).workflow, taskQueue, log, callTimeoutMs: 1000 });

    const sessions: { transactionId: number; workflowId: string; start: number }[] = [];
    for (let i = 0; i < SESSIONS; i += 1) {
      const start = 1000 * i;
      sessions.push(
        await db.transaction(async (tx) => {
          const { transaction } = await tx.transactions.start({ chargePointId: station, evseId: 1, startKey: `k${i}`, startTag: 'T', startedAt: new Date(), meterStartWh: start });
          const workflowId = chargingSessionWorkflowId(station, transaction.id);
          await tx.outbox.append({ workflowId, type: 'started', payload: { chargePointId: station, transactionId: transaction.id, meterWh: start }, at: new Date() });
          return { transactionId: transaction.id, workflowId, start };
        }),
      );
    }
    while ((await relay.deliverOnce()) > 0);

    await server.stop();
    for (const [i, session] of sessions.entries()) {
      const payload = { chargePointId: station, transactionId: session.transactionId };
      await db.outbox.append({ workflowId: session.workflowId, type: 'meter', payload: { ...payload, meterWh: session.start + 500 }, at: new Date() });
      await db.outbox.append({ workflowId: session.workflowId, type: 'stopped', payload: { ...payload, meterWh: session.start + 1000 + i, reason: 'Local' }, at: new Date() });
    }
    await relay.deliverOnce();
    const waiting = await db.outbox.pending(new Date(Date.now() + 120_000), 1000);
    expect(waiting).toHaveLength(SESSIONS * 2);
    expect(waiting.filter((e) => e.attempts > 0).length).toBeGreaterThan(0);

    server = await launch();
    const later = () => new Date(Date.now() + 120_000);
    await expect.poll(async () => (await relay.deliverOnce(later()), (await db.outbox.pending(later(), 1000)).length), { timeout: 60_000, interval: 500 }).toBe(0);

    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection, namespace });
      for (const [i, session] of sessions.entries()) {
        const result = (await client.workflow.getHandle(session.workflowId).result()) as ChargingSessionState;
        expect(result.phase).toBe('stopped');
        expect(result.lastMeterWh! - result.meterStartWh!).toBe(1000 + i);
        const runs = [];
        for await (const execution of client.workflow.list({ query: `WorkflowId = '${session.workflowId}'` })) runs.push(execution.runId);
        expect(runs).toHaveLength(1);
      }
    } finally {
      await connection.close();
      await lazy.close();
    }
  }, 240_000);
});
