import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { connectStation, strictClient, type OcppTestClient } from '../gateway/src/test-kit/ocpp-clients.ts';
import {
  CHARGE_POINT_COMMAND_WORKFLOW,
  chargePointCommandWorkflowId,
  chargingSessionWorkflowId,
  gatewayTaskQueue,
  type ChargePointCommandWorkflow,
  type ChargingSessionState,
} from '@csms/temporal';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createChargingSessionActivities } from '../workers/src/activities/charging-session.activities.ts';
import { createCommandActivities } from '../workers/src/activities/command.activities.ts';
import { scheduleNodeSweep } from '../workers/src/node-sweep-job.ts';
import { OutboxRelay } from '../workers/src/relay/outbox-relay.ts';
import { startGatewayProcess, type GatewayProcess } from './support/gateway-process.ts';

/** Short enough to keep the file fast, long enough that a living node on a loaded box keeps renewing. */
const LEASE_SECONDS = 5;
const SWEEP_INTERVAL_MS = 500;
const TAG = 'MULTI-NODE-TAG';

/**
 * Several gateway nodes, as production runs them (docs/deployment.md, Scaling): three gateway processes of the
 * gateway's own entry point, each with its node id and port, on one database (a SQLite file in WAL mode on the
 * SQLite pass, a PostgreSQL database on the PostgreSQL pass) and one Temporal dev server, with the worker's
 * workflows, outbox relay and node sweeper in this process. 1.6 stations (strict ocpp-rpc clients) spread over the
 * nodes; commands go the web app's way (the `chargePointCommand` workflow, which finds the node in the station table
 * and calls it on `gateway.<nodeId>`); a station moves mid-session; a node is killed with SIGKILL.
 */
describe('several gateway nodes on one database and one Temporal', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `multi-node-${randomUUID()}`;
  const run = randomBytes(3).toString('hex');
  let db: TestDatabase;
  let dataDir: string;
  const nodes: GatewayProcess[] = [];
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;
  let relay: OutboxRelay;
  let stopSweep: () => void = () => undefined;
  const clients: OcppTestClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'csms-multi-node-'));
    await db.chargeTags.create(TAG, { name: 'driver' });
    const env = {
      DATABASE_URL: db.url,
      CSMS_DATA_DIR: dataDir,
      CSMS_SECRET_KEY: randomBytes(32).toString('hex'),
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      GATEWAY_NODE_LEASE_SECONDS: String(LEASE_SECONDS),
      OCPP_METER_EVENT_INTERVAL_SECONDS: '0',
    };
    // the nodes start while the worker bundles its workflows: both take a while
    const [started, worker] = await Promise.all([
      Promise.all(['a', 'b', 'c'].map((letter) => startGatewayProcess({ nodeId: `mn-${letter}-${run}`, env }))),
      createCsmsWorker({
        temporal: { address, namespace },
        taskQueue,
        checkDatabase: () => db.ping(),
        activities: { ...createChargingSessionActivities(db), ...createCommandActivities(db) },
      }),
    ]);
    nodes.push(...started);
    csmsWorker = worker;
    running = csmsWorker.run();
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace });
    relay = new OutboxRelay({ database: db, workflows: client.workflow, taskQueue, log: pino({ level: 'silent' }), pollIntervalMs: 50 });
    relay.start();
    stopSweep = scheduleNodeSweep(db, SWEEP_INTERVAL_MS, pino({ level: 'silent' }));
    // a command for a node is picked up only once the node's command worker polls its task queue
    for (const node of nodes) {
      await vi.waitFor(
        async () => {
          const { pollers } = await client.workflowService.describeTaskQueue({
            namespace,
            taskQueue: { name: gatewayTaskQueue(node.nodeId) },
            taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
          });
          if (!pollers?.length) throw new Error(`nothing polls ${gatewayTaskQueue(node.nodeId)} yet`);
        },
        { timeout: 60_000, interval: 200 },
      );
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((station) => station.close({ force: true }).catch(() => undefined)));
    stopSweep();
    await relay?.stop();
    csmsWorker?.shutdown();
    await running;
    await Promise.all(nodes.map((node) => node.stop()));
    await connection?.close();
    await db?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /**
   * Connects station `id` to `node` as a charge point does (connectStation: a Heartbeat first). Its GetConfiguration
   * handler names the node this connection is on, so a command's answer says which socket it went through.
   */
  async function connect(id: string, node: GatewayProcess, boot = true): Promise<OcppTestClient> {
    const station = strictClient(node.url, id, 'ocpp1.6');
    clients.push(station);
    station.handle('GetConfiguration', () => ({ configurationKey: [{ key: 'ConnectedTo', readonly: true, value: node.nodeId }], unknownKey: [] }));
    await connectStation(station);
    if (boot) {
      const booted = await station.call('BootNotification', { chargePointVendor: 'Multi', chargePointModel: 'Node' });
      expect(booted.status).toBe('Accepted');
    }
    return station;
  }

  /** Waits until the station table shows the station online on `node` (the connect write is batched). */
  async function heldBy(id: string, node: GatewayProcess): Promise<void> {
    await expect
      .poll(async () => {
        const row = await db.chargePoints.get(id);
        return row?.online ? row.nodeId : null;
      }, { timeout: 60_000, interval: 100, message: `${id} shown online on ${node.nodeId}` })
      .toBe(node.nodeId);
  }

  /** GetConfiguration the web app's way; resolves with the node the answering connection is on. */
  async function askWhichNode(id: string): Promise<string | null | undefined> {
    const commandId = randomUUID();
    const handle = await client.workflow.start<ChargePointCommandWorkflow>(CHARGE_POINT_COMMAND_WORKFLOW, {
      workflowId: chargePointCommandWorkflowId(id, commandId),
      taskQueue,
      args: [{ chargePointId: id, commandId, command: { type: 'getConfiguration', keys: ['ConnectedTo'] }, requestedBy: 'multi-node test' }],
      workflowExecutionTimeout: 60_000,
    });
    const result = await handle.result();
    expect(result.status).toBe('Accepted');
    return result.configuration?.find((entry) => entry.key === 'ConnectedTo')?.value;
  }

  const now = () => new Date().toISOString();
  const meterValues = (transactionId: number, wh: number) => ({
    connectorId: 1,
    transactionId,
    meterValue: [{ timestamp: now(), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
  });

  /** Starts a transaction on connector 1 at `meterStart` Wh; returns its id. */
  async function startCharging(station: OcppTestClient, meterStart: number): Promise<number> {
    await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: now() });
    const started = await station.call('StartTransaction', { connectorId: 1, idTag: TAG, meterStart, timestamp: now() });
    expect(started.idTagInfo).toMatchObject({ status: 'Accepted' });
    await station.call('MeterValues', meterValues(started.transactionId as number, meterStart + 500));
    return started.transactionId as number;
  }

  /** Meters on, stops at `meterStop` and expects the session workflow and the transaction row to close with it. */
  async function finishCharging(id: string, station: OcppTestClient, transactionId: number, meterStart: number, meterStop: number): Promise<void> {
    await station.call('MeterValues', meterValues(transactionId, meterStop - 500));
    const stopped = await station.call('StopTransaction', { transactionId, meterStop, timestamp: now(), idTag: TAG, reason: 'Local' });
    expect(stopped.idTagInfo).toMatchObject({ status: 'Accepted' });
    const handle = client.workflow.getHandle(chargingSessionWorkflowId(id, transactionId));
    await vi.waitFor(() => handle.describe(), { timeout: 60_000, interval: 100 });
    const state = (await handle.result()) as ChargingSessionState;
    expect(state).toMatchObject({ phase: 'stopped', transactionId, meterStartWh: meterStart, lastMeterWh: meterStop });
    expect(await db.transactions.get(transactionId)).toMatchObject({ status: 'Completed', meterStartWh: meterStart, meterStopWh: meterStop, energyWh: meterStop - meterStart });
    const events = await db.outbox.listForWorkflow(chargingSessionWorkflowId(id, transactionId));
    // the nodes append to one sequence per session: no gap, no number twice
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(events.map((event) => event.type)).toEqual(['started', 'meter', 'meter', 'stopped']);
  }

  const spread: { id: string; node: GatewayProcess; station: OcppTestClient }[] = [];

  it('spreads stations over the nodes, and a command reaches each on the node that holds it', async () => {
    for (const [index, node] of [...nodes, ...nodes].entries()) {
      const id = `MN-${run}-${index}`;
      await db.chargePoints.create(id, { name: id });
      spread.push({ id, node, station: await connect(id, node) });
    }
    for (const { id, node } of spread) await heldBy(id, node);
    const answeredOn = await Promise.all(spread.map(({ id }) => askWhichNode(id)));
    expect(answeredOn).toEqual(spread.map(({ node }) => node.nodeId));
  });

  it('keeps the session of a station that moves to another node mid-session, and its commands follow it', async () => {
    const [nodeA, nodeB] = nodes as [GatewayProcess, GatewayProcess];
    const id = `MN-${run}-move`;
    await db.chargePoints.create(id, { name: id });
    const onA = await connect(id, nodeA);
    await heldBy(id, nodeA);
    const transactionId = await startCharging(onA, 10_000);
    expect(await askWhichNode(id)).toBe(nodeA.nodeId);

    // the balancer sends its new connection to node B while node A still holds the old socket (half-open to A)
    const connectionsOnA = await nodeA.connections();
    const onB = await connect(id, nodeB, false);
    await heldBy(id, nodeB);
    expect(await askWhichNode(id)).toBe(nodeB.nodeId);
    // node A notices the old socket close only now: its write must not take the station away from node B
    await onA.close({ force: true });
    await expect.poll(() => nodeA.connections(), { timeout: 30_000 }).toBe(connectionsOnA - 1);
    // a station on node A answered after its commit: node A's queued writes (the closed socket's first) are in
    const stayedOnA = spread.find(({ node }) => node === nodeA)!;
    await stayedOnA.station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: now() });
    await heldBy(id, nodeB);

    await finishCharging(id, onB, transactionId, 10_000, 12_000);
    expect(await askWhichNode(id)).toBe(nodeB.nodeId);
  });

  it("shows a SIGKILLed node's stations offline through the sweeper once its lease lapses; they go on on another node", async () => {
    const [nodeA, nodeB, nodeC] = nodes as [GatewayProcess, GatewayProcess, GatewayProcess];
    const id = `MN-${run}-killed`;
    await db.chargePoints.create(id, { name: id });
    const onC = await connect(id, nodeC);
    await heldBy(id, nodeC);
    const transactionId = await startCharging(onC, 20_000);
    const cutOff = [id, ...spread.filter(({ node }) => node === nodeC).map((entry) => entry.id)];
    const others = spread.filter(({ node }) => node !== nodeC);

    const killedAt = Date.now();
    await nodeC.kill();
    await expect
      .poll(async () => (await Promise.all(cutOff.map((station) => db.chargePoints.get(station)))).filter((row) => row?.online === false).length, {
        timeout: 120_000,
        interval: 100,
        message: `the stations of ${nodeC.nodeId} shown offline`,
      })
      .toBe(cutOff.length);
    const shownOfflineAfterMs = Date.now() - killedAt;
    // the sweeper did it, for the lapse of the node's lease: the killed node ran no shutdown
    const lease = await db.gatewayNodes.get(nodeC.nodeId);
    expect(lease?.stoppedAt).toBeNull();
    expect(lease?.expiredAt).toBeInstanceOf(Date);
    expect(lease!.expiredAt!.getTime()).toBeGreaterThanOrEqual(lease!.leaseExpiresAt.getTime());
    for (const station of cutOff) {
      expect((await db.chargePoints.get(station))?.offlineReason).toBe(`gateway node ${nodeC.nodeId} stopped renewing its lease (expired ${lease!.leaseExpiresAt.toISOString()})`);
    }
    // the living nodes keep their stations
    for (const { id: other, node } of others) await heldBy(other, node);
    console.info(`multi-node: ${nodeC.nodeId} killed; its ${cutOff.length} stations shown offline after ${shownOfflineAfterMs} ms (lease ${LEASE_SECONDS} s, sweep every ${SWEEP_INTERVAL_MS} ms)`);

    // they reconnect to the surviving nodes (no new boot: a charge point that lost its connection just reconnects)
    const moved = await connect(id, nodeA, false);
    await heldBy(id, nodeA);
    expect((await db.chargePoints.get(id))?.offlineReason).toBeNull();
    const rest = spread.filter(({ node }) => node === nodeC);
    for (const entry of rest) await connect(entry.id, nodeB, false);
    for (const entry of rest) await heldBy(entry.id, nodeB);
    await finishCharging(id, moved, transactionId, 20_000, 23_000);
    expect(await Promise.all(cutOff.map((station) => askWhichNode(station)))).toEqual([nodeA.nodeId, ...rest.map(() => nodeB.nodeId)]);
  });
});
