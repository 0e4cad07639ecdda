import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
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
    gateway = await startGateway({
      db,
      secretKey: { bytes: randomBytes(32), source: 'env' },
      logger: pino({ level: 'silent' }),
      temporal: { address, namespace },
      settings: {
        host: '127.0.0.1',
        port: 0,
        nodeId: `cmd-${randomBytes(3).toString('hex')}`,
        tls: undefined,
        maxFrameBytes: 1024 * 1024,
        idleTimeoutSeconds: 120,
        messageLogLevel: 'off',
        ocpp: {
          heartbeatIntervalSeconds: 300,
          callTimeoutMs: 5_000,
          authCacheMs: 0,
          knownVendorIds: new Set(),
          stripTagSuffix: false,
          admitUnknownStations: false,
        },
      },
    });
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

  function run(chargePointId: string, command: ChargePointCommand): Promise<ChargePointCommandResult> {
    const commandId = randomUUID();
    return client.workflow.execute(CHARGE_POINT_COMMAND_WORKFLOW, {
      taskQueue,
      workflowId: chargePointCommandWorkflowId(chargePointId, commandId),
      args: [{ chargePointId, commandId, command }],
    });
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

  it('reports an unconnected station as offline and an unknown one as invalid', async () => {
    await db.chargePoints.create('never-connected', { name: 'x' });
    expect((await failureOf(run('never-connected', { type: 'clearCache' }))).type).toBe(FailureType.ChargePointOffline);
    expect(await failureOf(run('no-such-station', { type: 'clearCache' }))).toEqual({
      type: FailureType.InvalidCommand,
      details: [{ reason: 'UnknownChargePoint' }],
    });
  });
});
