import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { testGatewayOptions } from './support/gateway.ts';
import { startGateway, type Gateway } from '@csms/gateway';
import { ChargePoint, type ChargePointOptions, type Transaction } from '@csms/simulators';
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

  /** What a simulated station did, from its own events: the server CALLs it handled, and its CALLs the CSMS answered. */
  interface Observed {
    readonly id: string;
    readonly station: ChargePoint;
    /** Requests of the server CALLs with this action the station handled, in order. */
    received(action: string): Record<string, unknown>[];
    /** How many of the station's own CALLs with this action the CSMS answered with a CALLRESULT. */
    answered(action: string): number;
  }

  async function connectStation(protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1', options: Partial<ChargePointOptions> = {}): Promise<Observed> {
    const id = `${protocol.replace(/\W/g, '')}-${randomBytes(2).toString('hex')}`;
    await db.chargePoints.create(id, { name: id });
    const station = new ChargePoint({ url: `ws://127.0.0.1:${gateway.port}/OCPP`, id, protocol, connectors: 2, heartbeat: false, reconnect: false, ...options });
    stations.push(station);
    const received: [string, Record<string, unknown>][] = [];
    const sent = new Map<string, string>();
    const answered: string[] = [];
    station.on('serverCall', (action, request) => received.push([action, request]));
    station.on('frame', ({ direction, text }) => {
      const [type, messageId, action] = JSON.parse(text) as [number, string, string];
      if (direction === 'out' && type === 2) sent.set(messageId, action);
      if (direction === 'in' && type === 3 && sent.has(messageId)) answered.push(sent.get(messageId)!);
    });
    await station.powerUp();
    await expect.poll(async () => (await db.chargePoints.get(id))?.online).toBe(true);
    return {
      id,
      station,
      received: (action) => received.filter(([a]) => a === action).map(([, request]) => request),
      answered: (action) => answered.filter((a) => a === action).length,
    };
  }

  async function connectorStatus(id: string, evseId: number): Promise<string | undefined> {
    return (await db.connectors.list(id)).find((c) => c.evseId === evseId)?.status;
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

  it.each(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const)('reset, unlock, trigger, availability, charging limits and clear cache reach the station and do what they say (%s)', async (protocol) => {
    const { id, station, received, answered } = await connectStation(protocol);
    const v16 = protocol === 'ocpp1.6';

    // reset: the station gets Reset of the version's type, reboots, and boots again on a new connection
    const before = new Date();
    const bootBefore = station.bootResult;
    const rebooted = new Promise<string>((resolve) => station.once('reset', resolve));
    expect(await run(id, { type: 'reset', resetType: 'Soft' })).toEqual({ status: 'Accepted' });
    expect(received('Reset')).toEqual([{ type: v16 ? 'Soft' : 'OnIdle' }]);
    expect(await rebooted).toBe(v16 ? 'SoftReset' : 'ImmediateReset');
    await expect.poll(() => station.online && station.bootResult !== bootBefore && station.bootResult?.status, { timeout: 20_000 }).toBe('Accepted');
    await expect.poll(async () => (await db.chargePoints.get(id))?.bootedAt?.getTime() ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(before.getTime());
    await expect.poll(async () => (await db.chargePoints.get(id))?.online).toBe(true);
    if (!v16) expect((await db.chargePoints.get(id))?.boot.reason).toBe('RemoteReset');

    // unlock: the station unlocks the connector it was asked to
    expect(await run(id, { type: 'unlockConnector', connectorId: 1 })).toEqual({ status: 'Unlocked' });
    expect(received('UnlockConnector')).toEqual([v16 ? { connectorId: 1 } : { evseId: 1, connectorId: 1 }]);

    // trigger: the requested message reaches the CSMS and is answered
    expect(await run(id, { type: 'triggerMessage', message: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    expect(received('TriggerMessage')).toEqual([{ requestedMessage: 'Heartbeat' }]);
    await expect.poll(() => answered('Heartbeat')).toBe(1);

    // availability: the connector goes out of service and back, and the CSMS stores each StatusNotification
    expect(await run(id, { type: 'changeAvailability', connectorId: 2, availability: 'Inoperative' })).toEqual({ status: 'Accepted' });
    expect(station.connector(2)).toMatchObject({ availability: 'Inoperative', status: 'Unavailable' });
    expect(station.connector(1)).toMatchObject({ availability: 'Operative', status: 'Available' });
    await expect.poll(() => connectorStatus(id, 2)).toBe('Unavailable');
    expect(await connectorStatus(id, 1)).toBe('Available');
    expect(await run(id, { type: 'changeAvailability', connectorId: 2, availability: 'Operative' })).toEqual({ status: 'Accepted' });
    expect(station.connector(2)).toMatchObject({ availability: 'Operative', status: 'Available' });
    await expect.poll(() => connectorStatus(id, 2)).toBe('Available');

    // charging limit: the station holds a profile for connector 1 with that limit, and none after the clear
    const limitProfile = { chargingProfileId: 1, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } as const;
    expect(await run(id, { type: 'setChargingProfile', connectorId: 1, profile: limitProfile })).toEqual({ status: 'Accepted' });
    const profiles = [...station.connector(1).chargingProfiles.values()] as Record<string, unknown>[];
    expect(profiles).toHaveLength(1);
    const schedule = (v16 ? profiles[0]!.chargingSchedule : (profiles[0]!.chargingSchedule as unknown[])[0]) as Record<string, unknown>;
    expect(schedule).toMatchObject({ chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] });
    expect(station.connector(2).chargingProfiles.size).toBe(0);
    expect(await run(id, { type: 'clearChargingProfile', id: 1 })).toEqual({ status: 'Accepted' });
    expect(station.connector(1).chargingProfiles.size).toBe(0);

    // clear cache: the station gets ClearCache
    expect(await run(id, { type: 'clearCache' })).toEqual({ status: 'Accepted' });
    expect(received('ClearCache')).toEqual([{}]);
  });

  it('reads and changes 1.6 configuration on the station', async () => {
    const { id, station } = await connectStation('ocpp1.6');
    expect(await run(id, { type: 'changeConfiguration', key: 'HeartbeatInterval', value: '120' })).toEqual({ status: 'Accepted' });
    expect(station.settings.get('HeartbeatInterval')?.value).toBe('120');
    const read = await run(id, { type: 'getConfiguration', keys: ['HeartbeatInterval', 'NoSuchKey'] });
    expect(read.configuration).toEqual([expect.objectContaining({ key: 'HeartbeatInterval', value: '120' })]);
    expect(read.unknownKeys).toEqual(['NoSuchKey']);
  });

  it.each(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const)(
    'a remote start starts a transaction on the station and a remote stop ends it; a blocked tag is refused before anything is sent (%s)',
    async (protocol) => {
      const { id, station, received } = await connectStation(protocol);
      const started = new Promise<Transaction>((resolve) => station.once('transactionStarted', resolve));
      expect(await run(id, { type: 'remoteStart', connectorId: 1, idTag: 'GOOD-TAG' })).toMatchObject({ status: 'Accepted' });
      const transaction = await started;
      expect(transaction).toMatchObject({ connectorId: 1, idTag: 'GOOD-TAG', authorizationStatus: 'Accepted' });
      expect(station.connector(1).transaction).toBe(transaction);
      const [open] = await db.transactions.listOpen(id);
      expect(open).toMatchObject({ evseId: 1, startTag: 'GOOD-TAG', meterStartWh: transaction.meterStartWh });
      if (protocol === 'ocpp1.6') expect(open!.id).toBe(transaction.transactionId);
      else expect(open!.externalId).toBe(transaction.transactionId);

      expect(await failureOf(run(id, { type: 'remoteStart', connectorId: 2, idTag: 'BLOCKED-TAG' }))).toEqual({
        type: FailureType.InvalidCommand,
        details: [{ reason: 'TagNotAccepted' }],
      });
      expect(received(protocol === 'ocpp1.6' ? 'RemoteStartTransaction' : 'RequestStartTransaction')).toHaveLength(1);
      expect(station.connector(2).transaction).toBeUndefined();

      const stopped = new Promise<Transaction>((resolve) => station.once('transactionStopped', resolve));
      expect(await run(id, { type: 'remoteStop', connectorId: 1 })).toEqual({ status: 'Accepted' });
      const ended = await stopped;
      expect(ended).toMatchObject({ transactionId: transaction.transactionId, stopReason: 'Remote' });
      expect(station.connector(1).transaction).toBeUndefined();
      await expect.poll(async () => (await db.transactions.get(open!.id))?.status).toBe('Completed');
      expect(await db.transactions.get(open!.id)).toMatchObject({ stopReason: 'Remote', meterStopWh: ended.meterStopWh });
    },
  );

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    'a remote stop stops the transaction the operator named, not an older stale open row on the same connector (%s)',
    async (protocol) => {
      const { id, station, received } = await connectStation(protocol);
      // an open row the station has forgotten (a lost StopTransaction): the oldest open one on connector 1
      const stale = await db.transactions.start({
        chargePointId: id, evseId: 1, startKey: 'stale', startTag: 'GOOD-TAG', startedAt: new Date(Date.now() - 86_400_000), meterStartWh: 0,
        ...(protocol === 'ocpp1.6' ? {} : { externalId: 'stale-tx' }),
      });
      const started = new Promise<Transaction>((resolve) => station.once('transactionStarted', resolve));
      expect(await run(id, { type: 'remoteStart', connectorId: 1, idTag: 'GOOD-TAG' })).toMatchObject({ status: 'Accepted' });
      const transaction = await started;
      await expect.poll(async () => (await db.transactions.listOpen(id, 1)).length).toBe(2);
      const current = (await db.transactions.listOpen(id, 1)).find((t) => t.id !== stale.transaction.id)!;

      expect(await failureOf(run(id, { type: 'remoteStop', connectorId: 2, transactionId: current.id }))).toEqual({
        type: FailureType.InvalidCommand,
        details: [{ reason: 'NoOpenTransaction' }],
      });
      const stopped = new Promise<Transaction>((resolve) => station.once('transactionStopped', resolve));
      expect(await run(id, { type: 'remoteStop', connectorId: 1, transactionId: current.id })).toEqual({ status: 'Accepted' });
      expect(received(protocol === 'ocpp1.6' ? 'RemoteStopTransaction' : 'RequestStopTransaction')).toEqual([{ transactionId: transaction.transactionId }]);
      expect(await stopped).toMatchObject({ transactionId: transaction.transactionId, stopReason: 'Remote' });
      await expect.poll(async () => (await db.transactions.get(current.id))?.status).toBe('Completed');
      expect((await db.transactions.get(stale.transaction.id))?.status).toBe('Active');
    },
  );

  it.each(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const)(
    'a DataTransfer reaches the station with vendor, message and data, and returns its status and data (%s)',
    async (protocol) => {
      const v16 = protocol === 'ocpp1.6';
      const { id, received } = await connectStation(protocol, {
        dataTransfer: ({ vendorId, messageId, data }) =>
          vendorId !== 'com.example'
            ? { status: 'UnknownVendorId' }
            : messageId === 'Echo'
              ? { status: 'Accepted', data: v16 ? `echo ${String(data)}` : { echo: data } }
              : { status: 'UnknownMessageId' },
      });
      const sent = { a: 1, list: ['x', null] };
      expect(await run(id, { type: 'dataTransfer', vendorId: 'com.example', messageId: 'Echo', data: sent })).toEqual({
        status: 'Accepted',
        data: v16 ? `echo ${JSON.stringify(sent)}` : { echo: sent },
      });
      expect(received('DataTransfer')).toEqual([{ vendorId: 'com.example', messageId: 'Echo', data: v16 ? JSON.stringify(sent) : sent }]);
      expect(await run(id, { type: 'dataTransfer', vendorId: 'com.example', messageId: 'Other' })).toEqual({ status: 'UnknownMessageId' });
      expect(await run(id, { type: 'dataTransfer', vendorId: 'org.unknown', data: 'plain text' })).toEqual({ status: 'UnknownVendorId' });
      expect(received('DataTransfer').at(-1)).toEqual({ vendorId: 'org.unknown', data: 'plain text' });
    },
  );

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)('a remote start without a connector leaves the choice to the station (%s)', async (protocol) => {
    const { id, station, received } = await connectStation(protocol);
    const started = new Promise<Transaction>((resolve) => station.once('transactionStarted', resolve));
    expect(await run(id, { type: 'remoteStart', idTag: 'GOOD-TAG' })).toMatchObject({ status: 'Accepted' });
    expect(await started).toMatchObject({ connectorId: 1, idTag: 'GOOD-TAG' });
    const [request] = received(protocol === 'ocpp1.6' ? 'RemoteStartTransaction' : 'RequestStartTransaction');
    expect(request).not.toHaveProperty(protocol === 'ocpp1.6' ? 'connectorId' : 'evseId');
  });

  it('a station without vendor extensions answers DataTransfer UnknownVendorId (the simulator’s default)', async () => {
    const { id } = await connectStation('ocpp1.6');
    expect(await run(id, { type: 'dataTransfer', vendorId: 'com.example', messageId: 'Echo' })).toEqual({ status: 'UnknownVendorId' });
  });

  it('says clearly that there is no open transaction to stop, and sends the station nothing', async () => {
    const { id, received } = await connectStation('ocpp2.0.1');
    expect(await failureOf(run(id, { type: 'remoteStop', connectorId: 1 }))).toEqual({
      type: FailureType.InvalidCommand,
      details: [{ reason: 'NoOpenTransaction' }],
    });
    expect(received('RequestStopTransaction')).toEqual([]);
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
