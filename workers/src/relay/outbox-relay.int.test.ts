import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import {
  chargingSessionWorkflowId,
  sessionEventSignal,
  sessionStateQuery,
  StaleSessionReason,
  type ChargingSessionState,
} from '@csms/temporal';
import { createChargingSessionActivities } from '../activities/charging-session.activities.ts';
import { createCsmsWorker, type CsmsWorker } from '../worker.ts';
import { OutboxRelay } from './outbox-relay.ts';

describe('outbox relay → chargingSession on a real Temporal dev server', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `relay-${randomUUID()}`;
  const station = `CP-${randomUUID().slice(0, 8)}`;
  let db: TestDatabase;
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;
  let relay: OutboxRelay;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create(station, { name: 'relay test' });
    csmsWorker = await createCsmsWorker({
      temporal: { address, namespace },
      taskQueue,
      checkDatabase: () => db.ping(),
      activities: createChargingSessionActivities(db),
    });
    running = csmsWorker.run();
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace });
    relay = new OutboxRelay({ database: db, workflows: client.workflow, taskQueue, log: pino({ level: 'silent' }), staleGraceMs: 1000 });
  });

  afterAll(async () => {
    csmsWorker?.shutdown();
    await running;
    await connection?.close();
    await db?.close();
  });

  /** Opens a transaction with its `started` event in one DB transaction, as the gateway does. */
  async function startSession(startKey: string, meterStartWh: number) {
    const at = new Date();
    return db.transaction(async (tx) => {
      const { transaction } = await tx.transactions.start({ chargePointId: station, evseId: 1, startKey, startTag: 'TAG', startedAt: at, meterStartWh });
      const workflowId = chargingSessionWorkflowId(station, transaction.id);
      // as the gateway does: the workflow is linked in the start's own DB transaction (no workflow round trip)
      await tx.transactions.link(transaction.id, { workflowId });
      await tx.outbox.append({ workflowId, type: 'started', payload: { chargePointId: station, transactionId: transaction.id, meterWh: meterStartWh }, at });
      return { transactionId: transaction.id, workflowId };
    });
  }

  async function emit(workflowId: string, transactionId: number, type: string, extra: Record<string, unknown> = {}) {
    await db.outbox.append({ workflowId, type, payload: { chargePointId: station, transactionId, ...extra }, at: new Date() });
  }

  /**
   * With CSMS_RECORD_HISTORIES=1, keeps the finished workflow's history as a replay fixture
   * (workflows/src/charging-session/histories/), so a later change that breaks determinism fails CI.
   */
  async function recordHistory(name: string, workflowId: string) {
    if (process.env.CSMS_RECORD_HISTORIES !== '1') return;
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const file = resolve(import.meta.dirname, '../../../workflows/src/charging-session/histories', `${name}.binpb`);
    await writeFile(file, temporal.api.history.v1.History.encode(history).finish());
  }

  /** Runs relay passes until nothing is due. */
  async function drain() {
    while ((await relay.deliverOnce()) > 0);
  }

  it('delivers a session in order: started, meter, stopped completes the workflow; the transaction keeps its link', async () => {
    const { transactionId, workflowId } = await startSession('in-order', 1000);
    await emit(workflowId, transactionId, 'meter', { meterWh: 2500 });
    await emit(workflowId, transactionId, 'stopped', { meterWh: 4000, reason: 'Local' });
    await drain();
    const result = (await client.workflow.getHandle(workflowId).result()) as ChargingSessionState;
    expect(result).toMatchObject({ phase: 'stopped', lastSeq: 3, meterStartWh: 1000, lastMeterWh: 4000, stopReason: 'Local', transactionId });
    expect((await db.transactions.get(transactionId))?.workflowId).toBe(workflowId);
    expect((await db.outbox.listForWorkflow(workflowId)).every((e) => e.deliveredAt !== null)).toBe(true);
    await recordHistory('local-session', workflowId);
  });

  it('does not start a new run for a late event after the session completed', async () => {
    const { transactionId, workflowId } = await startSession('late', 0);
    await emit(workflowId, transactionId, 'stopped', { meterWh: 10 });
    await drain();
    const handle = client.workflow.getHandle(workflowId);
    await handle.result();
    const { runId } = await handle.describe();
    await emit(workflowId, transactionId, 'meter', { meterWh: 11 });
    await drain();
    const after = await client.workflow.getHandle(workflowId).describe();
    expect(after.runId).toBe(runId);
    expect(after.status.name).toBe('COMPLETED');
    expect((await db.outbox.listForWorkflow(workflowId)).at(-1)?.deliveredAt).not.toBeNull();
  });

  it('ignores a repeated event (a relay that crashed before marking it delivered)', async () => {
    const { transactionId, workflowId } = await startSession('repeat', 100);
    await drain();
    const handle = client.workflow.getHandle(workflowId);
    const event = { eventId: 'x', seq: 1, type: 'started' as const, occurredAt: new Date().toISOString(), payload: { chargePointId: station, transactionId, meterWh: 999 } };
    await handle.signal(sessionEventSignal, event);
    await expect.poll(async () => (await handle.query(sessionStateQuery)).lastSeq).toBe(1);
    expect((await handle.query(sessionStateQuery)).meterStartWh).toBe(100);
    await emit(workflowId, transactionId, 'stopped', { meterWh: 200 });
    await drain();
    expect(((await handle.result()) as ChargingSessionState).lastSeq).toBe(2);
    await recordHistory('repeated-event', workflowId);
  });

  it('closes a session the station left open after a reboot, with a clear reason', async () => {
    const { transactionId, workflowId } = await startSession('reboot', 0);
    await emit(workflowId, transactionId, 'stationRebooted');
    await drain();
    const result = (await client.workflow.getHandle(workflowId).result()) as ChargingSessionState;
    expect(result).toMatchObject({ phase: 'closed', stopReason: StaleSessionReason.StationRebooted });
    expect(await db.transactions.get(transactionId)).toMatchObject({ status: 'Closed', stopReason: StaleSessionReason.StationRebooted });
    await recordHistory('reboot-without-stop', workflowId);
  });

  it('keeps events and retries them while Temporal is unreachable', async () => {
    const { transactionId, workflowId } = await startSession('offline', 0);
    await emit(workflowId, transactionId, 'stopped', { meterWh: 5 });
    const dead = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 200 });
    const offline = new OutboxRelay({ database: db, workflows: new Client({ connection: dead, namespace }).workflow, taskQueue, log: pino({ level: 'silent' }), callTimeoutMs: 500 });
    await offline.deliverOnce();
    const events = await db.outbox.listForWorkflow(workflowId);
    expect(events.map((e) => [e.deliveredAt, e.attempts])).toEqual([[null, 1], [null, 0]]);
    expect(events[0]?.lastError, 'the reason kept with the event').toBe('ServiceError: Failed to signalWithStart Workflow');
    // both are held until the first one's retry is due, then delivered in order
    await relay.deliverOnce(new Date(Date.now() + 60_000));
    expect(((await client.workflow.getHandle(workflowId).result()) as ChargingSessionState).lastSeq).toBe(2);
    await dead.close();
  });
});
