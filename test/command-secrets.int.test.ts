import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyStationPassword, type SecretKey } from '@csms/db';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { startGateway, type Gateway } from '@csms/gateway';
import { ChargePoint } from '@csms/simulators';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createCommandActivities } from '../workers/src/activities/command.activities.ts';
import { runCommand } from '../web/src/lib/server/commands/run-command.ts';
import type { Services } from '../web/src/lib/server/services.ts';
import { testGatewayOptions } from './support/gateway.ts';

/** Every string and every payload's bytes (decoded as UTF-8) of a workflow history, to search for a secret. */
function historyText(value: unknown, out: string[] = []): string[] {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) historyText(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) historyText(item, out);
  return out;
}

/**
 * Secrets of generic configuration commands (issue 15): a station password sent by the REST API's
 * changeConfiguration (1.6 ChangeConfiguration AuthorizationKey, 2.x SetVariables SecurityCtrlr.BasicAuthPassword)
 * goes through the chargePointCommand workflow sealed, reaches the station in clear, and is redacted in the message
 * log; an accepted password becomes the stored one.
 */
describe('secret configuration values through the command workflow', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `command-secrets-${randomUUID()}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  let db: TestDatabase;
  let gateway: Gateway;
  let secretKey: SecretKey;
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;
  let services: Services;
  const logLines: Record<string, unknown>[] = [];
  const closers: (() => unknown)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const options = testGatewayOptions(db, { prefix: 'secrets', messageLogLevel: 'verbose', temporal: { address, namespace } });
    secretKey = options.secretKey;
    gateway = await startGateway(options);
    csmsWorker = await createCsmsWorker({ temporal: { address, namespace }, taskQueue, checkDatabase: () => db.ping(), activities: createCommandActivities(db) });
    running = csmsWorker.run();
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    // the parts of the web app's services runCommand uses, with the gateway's server key
    services = {
      db,
      secretKey,
      temporal: client,
      temporalConnection: connection,
      config: { commandTaskQueue: taskQueue, commandTimeoutMs: 60_000 },
      log: pino({ level: 'info' }, sink),
    } as unknown as Services;
    for (let waited = 0; !gateway.commandWorker?.running; waited += 100) {
      if (waited > 30_000) throw new Error('the gateway command worker did not start polling');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    for (const close of closers) await close();
    csmsWorker?.shutdown();
    await running;
    await gateway?.stop();
    await connection?.close();
    await db?.close();
  });

  async function historyOfLastCommand(chargePointId: string): Promise<string> {
    const started = logLines.filter((line) => line.msg === 'command started' && line.chargePointId === chargePointId).at(-1);
    const history = await client.workflow.getHandle(String(started!.workflowId)).fetchHistory();
    return historyText(history).join('\n');
  }

  /** A 1.6 station over a plain socket that boots and answers every server CALL with `Accepted`, recording it. */
  async function acceptingStation16(id: string): Promise<{ received: [string, Record<string, unknown>][] }> {
    await db.chargePoints.create(id, { name: id });
    const ws = new WebSocket(`ws://127.0.0.1:${gateway.port}/OCPP/${id}`, ['ocpp1.6']);
    closers.push(() => ws.close());
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const received: [string, Record<string, unknown>][] = [];
    const booted = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as unknown[];
        if (frame[0] === 3 && frame[1] === 'boot') resolve();
        if (frame[0] === 2) {
          received.push([String(frame[2]), frame[3] as Record<string, unknown>]);
          ws.send(JSON.stringify([3, frame[1], { status: 'Accepted' }]));
        }
      });
    });
    ws.send(JSON.stringify([2, 'boot', 'BootNotification', { chargePointVendor: 'Test', chargePointModel: 'Secrets' }]));
    await booted;
    await expect.poll(async () => (await db.chargePoints.get(id))?.online).toBe(true);
    return { received };
  }

  it('1.6 AuthorizationKey: sealed in the history, in clear at the station, redacted in the log, stored once accepted', async () => {
    const id = `sec16-${randomBytes(2).toString('hex')}`;
    const station = await acceptingStation16(id);
    expect(await runCommand(services, id, { type: 'changeConfiguration', key: 'AuthorizationKey', value: password }, 'admin')).toEqual({ status: 'Accepted' });

    expect(station.received).toEqual([['ChangeConfiguration', { key: 'AuthorizationKey', value: password }]]);
    const history = await historyOfLastCommand(id);
    expect(history).toContain('AuthorizationKey');
    expect(history).toContain('csms-sealed:v1:');
    expect(history).not.toContain(password);

    await gateway.flush();
    const logged = await db.messageLog.list({ chargePointId: id, action: 'ChangeConfiguration' });
    expect(logged.length).toBeGreaterThan(0);
    for (const entry of logged) expect(entry.payload ?? '').not.toContain(password);
    expect(logged.some((entry) => (entry.payload ?? '').includes('[redacted]'))).toBe(true);

    const stored = (await db.chargePoints.get(id))!.basicAuthPasswordHash;
    expect(stored && verifyStationPassword(secretKey, id, password, stored)).toBe(true);
    expect(logLines.map((line) => JSON.stringify(line)).join('\n')).not.toContain(password);
  });

  it('2.x SecurityCtrlr.BasicAuthPassword: sealed in the history, in clear at the station; not stored when not accepted', async () => {
    const id = `sec201-${randomBytes(2).toString('hex')}`;
    await db.chargePoints.create(id, { name: id });
    const station = new ChargePoint({ url: `ws://127.0.0.1:${gateway.port}/OCPP`, id, protocol: 'ocpp2.0.1', connectors: 1, heartbeat: false, reconnect: false });
    closers.push(() => station.close());
    const received: Record<string, unknown>[] = [];
    station.on('serverCall', (action, request) => {
      if (action === 'SetVariables') received.push(request);
    });
    await station.powerUp();
    await expect.poll(async () => (await db.chargePoints.get(id))?.online).toBe(true);

    const result = await runCommand(services, id, { type: 'changeConfiguration', key: 'SecurityCtrlr.BasicAuthPassword', value: password }, 'admin');
    expect(result.status).not.toBe('Accepted');
    expect(received).toEqual([{ setVariableData: [{ attributeValue: password, component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } }] }]);
    const history = await historyOfLastCommand(id);
    expect(history).toContain('BasicAuthPassword');
    expect(history).not.toContain(password);

    await gateway.flush();
    const logged = await db.messageLog.list({ chargePointId: id, action: 'SetVariables' });
    expect(logged.length).toBeGreaterThan(0);
    for (const entry of logged) expect(entry.payload ?? '').not.toContain(password);
    expect((await db.chargePoints.get(id))!.basicAuthPasswordHash).toBeNull();
  });

  it('refuses a station password the gateway could not check, before anything is sent', async () => {
    const id = `secshort-${randomBytes(2).toString('hex')}`;
    const station = await acceptingStation16(id);
    await expect(runCommand(services, id, { type: 'changeConfiguration', key: 'AuthorizationKey', value: 'short' }, 'admin')).rejects.toMatchObject({
      status: 400,
      code: 'ValidationFailed',
    });
    expect(station.received).toEqual([]);
  });
});
