import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { startGateway, type Gateway } from '@csms/gateway';
import { ChargePoint, type ChargePointOptions } from '@csms/simulators';
import { CHARGE_POINT_COMMAND_WORKFLOW, chargePointCommandWorkflowId, type ChargePointCommandResult } from '@csms/temporal';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createCommandActivities } from '../workers/src/activities/command.activities.ts';
import { scheduleLocalListSync } from '../workers/src/local-list-sync-job.ts';
import { testGatewayOptions } from './support/gateway.ts';

/**
 * Local lists kept in sync by the worker's job: a tag change reaches a station that accepted its list as a
 * Differential update through the real command workflow, gateway and simulated station.
 */
describe('local authorization lists kept in sync by the worker', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `local-list-${randomUUID()}`;
  let db: TestDatabase;
  let gateway: Gateway;
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;
  let stopSync: (() => void) | undefined;
  const stations: ChargePoint[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    gateway = await startGateway(testGatewayOptions(db, { prefix: 'lls', temporal: { address, namespace } }));
    csmsWorker = await createCsmsWorker({ temporal: { address, namespace }, taskQueue, checkDatabase: () => db.ping(), activities: createCommandActivities(db) });
    running = csmsWorker.run();
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace });
    await db.chargeTags.create('SYNC-A', { name: 'a' });
    await db.chargeTags.create('SYNC-B', { name: 'b' });
    for (let waited = 0; !gateway.commandWorker?.running; waited += 100) {
      if (waited > 30_000) throw new Error('the gateway command worker did not start polling');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    stopSync?.();
    await Promise.all(stations.map((station) => station.close()));
    csmsWorker?.shutdown();
    await running;
    await gateway?.stop();
    await connection?.close();
    await db?.close();
  });

  async function connect(options: Partial<ChargePointOptions> = {}): Promise<{ id: string; sent: () => Record<string, unknown>[] }> {
    const id = `lls-${randomBytes(3).toString('hex')}`;
    await db.chargePoints.create(id, { name: id });
    const station = new ChargePoint({ url: `ws://127.0.0.1:${gateway.port}/OCPP`, id, protocol: 'ocpp1.6', connectors: 1, heartbeat: false, reconnect: false, ...options });
    stations.push(station);
    const received: Record<string, unknown>[] = [];
    station.on('serverCall', (action, request) => action === 'SendLocalList' && received.push(request));
    await station.powerUp();
    await expect.poll(async () => (await db.chargePoints.get(id))?.online).toBe(true);
    return { id, sent: () => received };
  }

  /** The operator's first Full update, as the API sends and records it. */
  async function sendFull(id: string): Promise<string> {
    const update = await db.localLists.plan(id, 'Full', new Date());
    const commandId = randomUUID();
    const result: ChargePointCommandResult = await client.workflow.execute(CHARGE_POINT_COMMAND_WORKFLOW, {
      taskQueue,
      workflowId: chargePointCommandWorkflowId(id, commandId),
      args: [{ chargePointId: id, commandId, command: { type: 'sendLocalList', listVersion: update.listVersion, updateType: 'Full', entries: update.entries } }],
    });
    await db.localLists.recordAnswer(id, update, result.status, new Date());
    return result.status;
  }

  it('sends the changes of a tag by itself once they have waited an interval, and stops at an answer other than Accepted', async () => {
    const synced = await connect();
    let refuse = false;
    const refusing = await connect({ respond: { SendLocalList: () => (refuse ? { status: 'Failed' } : undefined) } });
    for (const station of [synced, refusing]) {
      await db.localLists.setTags(station.id, ['SYNC-A']);
      expect(await sendFull(station.id)).toBe('Accepted');
    }
    refuse = true;

    await db.chargeTags.update('SYNC-A', { blocked: true });
    for (const station of [synced, refusing]) await db.localLists.setTags(station.id, ['SYNC-A', 'SYNC-B']);
    // started after the changes, so the first tick sees them complete: it notes them, the next one sends them
    stopSync = scheduleLocalListSync({ database: db, workflows: client.workflow, taskQueue, intervalMs: 300, log: pino({ level: 'silent' }) });

    await expect.poll(() => synced.sent().length, { timeout: 30_000 }).toBe(2);
    expect(synced.sent()[1]).toEqual({
      listVersion: 2,
      updateType: 'Differential',
      localAuthorizationList: [{ idTag: 'SYNC-A', idTagInfo: { status: 'Blocked' } }, { idTag: 'SYNC-B', idTagInfo: { status: 'Accepted' } }],
    });
    await expect.poll(async () => (await db.localLists.state(synced.id)).heldVersion, { timeout: 30_000 }).toBe(2);
    expect((await db.localLists.plan(synced.id, 'Differential', new Date())).entries).toEqual([]);

    // the refusing station's answer is recorded, and it is left to the operator from then on
    await expect.poll(async () => (await db.localLists.state(refusing.id)).lastStatus, { timeout: 30_000 }).toBe('Failed');
    expect(await db.localLists.state(refusing.id)).toMatchObject({ heldVersion: 1, lastSentVersion: 2 });
    expect(await db.localLists.syncCandidates()).toEqual([synced.id]);
  });
});
