import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashStationPassword } from '@csms/db';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { startGateway, type Gateway } from '@csms/gateway';
import {
  REVOKE_STATION_CONNECTION_WORKFLOW,
  revokeStationConnectionWorkflowId,
  type RevokeStationConnectionWorkflow,
} from '@csms/temporal';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createCommandActivities } from '../workers/src/activities/command.activities.ts';
import { testGatewayOptions } from './support/gateway.ts';

/**
 * Revocation on whichever node holds the station (docs/security.md): two gateway nodes on one database, the station
 * connected to the second; the `revokeStationConnection` workflow the web app starts after a password change or a
 * delete reaches that node's task queue and closes the socket (1008), and the old password no longer gets in.
 */
describe('revoking a station closes its socket on the node that holds it', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `revoke-${randomUUID()}`;
  let db: TestDatabase;
  const gateways: Gateway[] = [];
  const nodeIds: string[] = [];
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const prefix of ['revoke-a', 'revoke-b']) {
      const options = testGatewayOptions(db, { prefix, temporal: { address, namespace } });
      nodeIds.push(options.settings.nodeId);
      gateways.push(await startGateway({ ...options, secretKey: { bytes: Buffer.alloc(32, 7), source: 'env' } }));
    }
    csmsWorker = await createCsmsWorker({ temporal: { address, namespace }, taskQueue, checkDatabase: () => db.ping(), activities: createCommandActivities(db) });
    running = csmsWorker.run();
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace });
    for (const gateway of gateways) {
      for (let waited = 0; !gateway.commandWorker?.running; waited += 100) {
        if (waited > 30_000) throw new Error('a gateway command worker did not start polling');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  afterAll(async () => {
    csmsWorker?.shutdown();
    await running;
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await connection?.close();
    await db?.close();
  });

  const secretKey = { bytes: Buffer.alloc(32, 7), source: 'env' as const };
  const auth = (id: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` });

  function open(gateway: Gateway, id: string, password: string): Promise<WebSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${gateway.port}/OCPP/${id}`, ['ocpp1.6'], { headers: auth(id, password) });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Waits until the station table says `nodeId` holds the station (the connect write is batched). */
  async function heldBy(id: string, nodeId: string): Promise<void> {
    for (let waited = 0; (await db.chargePoints.get(id))?.nodeId !== nodeId; waited += 50) {
      if (waited > 30_000) throw new Error(`${id} never showed as held by ${nodeId}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function revoke(id: string, reason: string): Promise<boolean> {
    const station = await db.chargePoints.get(id);
    const handle = await client.workflow.start<RevokeStationConnectionWorkflow>(REVOKE_STATION_CONNECTION_WORKFLOW, {
      workflowId: revokeStationConnectionWorkflowId(id, randomUUID()),
      taskQueue,
      args: [{ chargePointId: id, nodeId: station!.nodeId!, reason }],
    });
    return (await handle.result()).closed;
  }

  it('closes the connection on the other node after a password change, and the old password is refused', async () => {
    const id = `REV-${randomBytes(3).toString('hex')}`;
    await db.chargePoints.create(id, { name: id, securityProfile: 1, basicAuthPasswordHash: hashStationPassword(secretKey, id, 'old-password-0123456') });
    const ws = await open(gateways[1]!, id, 'old-password-0123456');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await heldBy(id, nodeIds[1]!);
    await db.chargePoints.update(id, { basicAuthPasswordHash: hashStationPassword(secretKey, id, 'new-password-0123456') });
    expect(await revoke(id, 'password changed')).toBe(true);
    expect(await closed).toBe(1008);
    await expect(open(gateways[0]!, id, 'old-password-0123456')).rejects.toThrow('HTTP 401');
    (await open(gateways[0]!, id, 'new-password-0123456')).close();
  });

  it('closes the connection of a deleted station', async () => {
    const id = `DEL-${randomBytes(3).toString('hex')}`;
    await db.chargePoints.create(id, { name: id, securityProfile: 1, basicAuthPasswordHash: hashStationPassword(secretKey, id, 'a-password-01234567') });
    const ws = await open(gateways[1]!, id, 'a-password-01234567');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await heldBy(id, nodeIds[1]!);
    const nodeId = nodeIds[1]!;
    await db.chargePoints.remove(id, { purge: false });
    const handle = await client.workflow.start<RevokeStationConnectionWorkflow>(REVOKE_STATION_CONNECTION_WORKFLOW, {
      workflowId: revokeStationConnectionWorkflowId(id, randomUUID()),
      taskQueue,
      args: [{ chargePointId: id, nodeId, reason: 'station deleted' }],
    });
    expect((await handle.result()).closed).toBe(true);
    expect(await closed).toBe(1008);
    await expect(open(gateways[1]!, id, 'a-password-01234567')).rejects.toThrow('HTTP 404');
  });
});
