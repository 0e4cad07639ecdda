import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { testGatewayOptions } from './support/gateway.ts';
import { startGateway, type Gateway } from '@csms/gateway';
import { ChargePoint } from '@csms/simulators';
import {
  CHARGE_POINT_COMMAND_WORKFLOW,
  chargePointCommandWorkflowId,
  FailureType,
  type ChargePointCommand,
  type ChargePointCommandResult,
} from '@csms/temporal';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createCommandActivities } from '../workers/src/activities/command.activities.ts';

/**
 * Operator commands end to end: the chargePointCommand workflow on the real dev server, the worker's lookup, the
 * gateway node's activity on its own task queue, and a simulated station answering over a real socket.
 */
describe('station commands through Temporal, the gateway and a simulated station', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `commands-${randomUUID()}`;
  let db: TestDatabase;
  let gateway: Gateway;
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;
  const stations: ChargePoint[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    gateway = await startGateway(testGatewayOptions(db, { prefix: 'cmd', temporal: { address, namespace } }));
    csmsWorker = await createCsmsWorker({
      temporal: { address, namespace },
      taskQueue,
      checkDatabase: () => db.ping(),
      activities: createCommandActivities(db),
    });
    running = csmsWorker.run();
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace });
    await db.chargeTags.create('GOOD-TAG', { name: 'good' });
    await db.chargeTags.create('BLOCKED-TAG', { name: 'blocked', blocked: true });
    for (let waited = 0; !gateway.commandWorker?.running; waited += 100) {
      if (waited > 30_000) throw new Error('the gateway command worker did not start polling');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    await Promise.all(stations.map((station) => station.close()));
    csmsWorker?.shutdown();
    await running;
    await gateway?.stop();
    await connection?.close();
    await db?.close();
  });

  async function connectStation(protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1'): Promise<string> {
    const id = `${protocol.replace(/\W/g, '')}-${randomBytes(2).toString('hex')}`;
    await db.chargePoints.create(id, { name: id });
    const station = new ChargePoint({ url: `ws://127.0.0.1:${gateway.port}/OCPP`, id, protocol, connectors: 2, heartbeat: false, reconnect: false });
    stations.push(station);
    await station.powerUp();
    await expect.poll(async () => (await db.chargePoints.get(id))?.online).toBe(true);
    return id;
  }

  function run(chargePointId: string, command: ChargePointCommand, callTimeoutMs?: number): Promise<ChargePointCommandResult> {
    const commandId = randomUUID();
    return client.workflow.execute(CHARGE_POINT_COMMAND_WORKFLOW, {
      taskQueue,
      workflowId: chargePointCommandWorkflowId(chargePointId, commandId),
      args: [{ chargePointId, commandId, command, ...(callTimeoutMs ? { callTimeoutMs } : {}) }],
    });
  }

  /**
   * A hand-driven 1.6 station over a plain socket: it boots, then treats every server CALL as `behaviour` says, to
   * produce the failures a well-behaved simulator never does.
   */
  async function rawStation(id: string, behaviour: (frame: [number, string, string, unknown], ws: WebSocket) => void): Promise<WebSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${gateway.port}/OCPP/${id}`, ['ocpp1.6']);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const booted = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as [number, string, string, unknown];
        if (frame[0] === 3 && frame[1] === 'boot') resolve();
        else if (frame[0] === 2) behaviour(frame, ws);
      });
    });
    ws.send(JSON.stringify([2, 'boot', 'BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Socket' }]));
    await booted;
    return ws;
  }

  async function registered(id: string): Promise<void> {
    await db.chargePoints.create(id, { name: id });
  }

  async function failureOf(promise: Promise<unknown>): Promise<{ type: string | undefined; details: unknown[] | undefined }> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return { type: (cause as ApplicationFailure).type ?? undefined, details: (cause as ApplicationFailure).details ?? undefined };
  }

  it.each(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const)('answers reset, unlock, trigger, availability and charging limits (%s)', async (protocol) => {
    const id = await connectStation(protocol);
    expect(await run(id, { type: 'reset', resetType: 'Soft' })).toMatchObject({ status: expect.stringMatching(/^(Accepted|Scheduled)$/) });
    expect(await run(id, { type: 'unlockConnector', connectorId: 1 })).toMatchObject({ status: expect.any(String) });
    expect(await run(id, { type: 'triggerMessage', message: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    expect(await run(id, { type: 'changeAvailability', connectorId: 2, availability: 'Inoperative' })).toMatchObject({ status: expect.any(String) });
    expect(await run(id, { type: 'setChargingLimit', connectorId: 1, limit: 16, unit: 'A' })).toEqual({ status: 'Accepted' });
    expect(await run(id, { type: 'clearChargingLimit', connectorId: 1 })).toMatchObject({ status: expect.any(String) });
    expect(await run(id, { type: 'clearCache' })).toEqual({ status: 'Accepted' });
  });

  it('reads and changes 1.6 configuration', async () => {
    const id = await connectStation('ocpp1.6');
    expect(await run(id, { type: 'changeConfiguration', key: 'HeartbeatInterval', value: '120' })).toEqual({ status: 'Accepted' });
    const read = await run(id, { type: 'getConfiguration', keys: ['HeartbeatInterval', 'NoSuchKey'] });
    expect(read.configuration).toEqual([expect.objectContaining({ key: 'HeartbeatInterval', value: '120' })]);
    expect(read.unknownKeys).toEqual(['NoSuchKey']);
  });

  it('sends a remote start for an accepted tag and refuses a blocked one before sending anything', async () => {
    const id = await connectStation('ocpp1.6');
    expect(await run(id, { type: 'remoteStart', connectorId: 1, idTag: 'GOOD-TAG' })).toMatchObject({ status: 'Accepted' });
    expect(await failureOf(run(id, { type: 'remoteStart', connectorId: 1, idTag: 'BLOCKED-TAG' }))).toEqual({
      type: FailureType.InvalidCommand,
      details: [{ reason: 'TagNotAccepted' }],
    });
  });

  it('says clearly that there is no open transaction to stop', async () => {
    const id = await connectStation('ocpp2.0.1');
    expect(await failureOf(run(id, { type: 'remoteStop', connectorId: 1 }))).toEqual({
      type: FailureType.InvalidCommand,
      details: [{ reason: 'NoOpenTransaction' }],
    });
  });

  it('fails with ChargePointTimeout when the station never answers', async () => {
    const id = `silent-${randomBytes(2).toString('hex')}`;
    await registered(id);
    const ws = await rawStation(id, () => {});
    try {
      expect((await failureOf(run(id, { type: 'clearCache' }, 1500))).type).toBe(FailureType.ChargePointTimeout);
    } finally {
      ws.close();
    }
  });

  it("returns the station's CALLERROR code and its rejection as a status", async () => {
    const id = `grumpy-${randomBytes(2).toString('hex')}`;
    await registered(id);
    const ws = await rawStation(id, ([, messageId, action], socket) => {
      if (action === 'ClearCache') socket.send(JSON.stringify([4, messageId, 'NotSupported', 'no cache here', {}]));
      else socket.send(JSON.stringify([3, messageId, { status: 'Rejected' }]));
    });
    try {
      expect(await failureOf(run(id, { type: 'clearCache' }))).toEqual({
        type: FailureType.ChargePointCallError,
        details: [{ errorCode: 'NotSupported', errorDescription: 'no cache here' }],
      });
      expect(await run(id, { type: 'reset', resetType: 'Hard' })).toEqual({ status: 'Rejected' });
    } finally {
      ws.close();
    }
  });

  it('fails with ChargePointInvalidResponse when the answer breaks the schema', async () => {
    const id = `garbled-${randomBytes(2).toString('hex')}`;
    await registered(id);
    const ws = await rawStation(id, ([, messageId], socket) => socket.send(JSON.stringify([3, messageId, { status: 'Maybe' }])));
    try {
      expect((await failureOf(run(id, { type: 'clearCache' }))).type).toBe(FailureType.ChargePointInvalidResponse);
    } finally {
      ws.close();
    }
  });

  it('fails a pending command with ConnectionLost when the station reconnects, never with a silent hang', async () => {
    const id = `flaky-${randomBytes(2).toString('hex')}`;
    await registered(id);
    let called!: () => void;
    const callArrived = new Promise<void>((resolve) => (called = resolve));
    const first = await rawStation(id, () => called());
    const pending = failureOf(run(id, { type: 'clearCache' }, 20_000));
    await callArrived;
    const second = await rawStation(id, () => {});
    try {
      expect((await pending).type).toBe(FailureType.ConnectionLost);
    } finally {
      first.close();
      second.close();
    }
  });

  it('reports a station whose gateway node is gone as offline (nobody picks the command up)', async () => {
    await registered('orphaned');
    await db.chargePoints.markConnected('orphaned', { nodeId: 'node-that-died', protocol: 'ocpp1.6', at: new Date() });
    expect((await failureOf(run('orphaned', { type: 'clearCache' }))).type).toBe(FailureType.ChargePointOffline);
  });

  it('reports an unconnected station as offline and an unknown one as invalid', async () => {
    await db.chargePoints.create('never-connected', { name: 'x' });
    expect((await failureOf(run('never-connected', { type: 'clearCache' }))).type).toBe(FailureType.ChargePointOffline);
    expect(await failureOf(run('no-such-station', { type: 'clearCache' }))).toEqual({
      type: FailureType.InvalidCommand,
      details: [{ reason: 'UnknownChargePoint' }],
    });
  });
});
