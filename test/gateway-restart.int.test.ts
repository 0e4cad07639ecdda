import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { startGateway, type Gateway, type GatewayOptions } from '@csms/gateway';
import { ChargePoint } from '@csms/simulators';
import { chargingSessionWorkflowId, type ChargingSessionState } from '@csms/temporal';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createChargingSessionActivities } from '../workers/src/activities/charging-session.activities.ts';
import { OutboxRelay } from '../workers/src/relay/outbox-relay.ts';
import { testGatewayOptions } from './support/gateway.ts';
import { freePort } from './support/ports.ts';

/**
 * A gateway restart in the middle of a session: the station reconnects to the new gateway process (same port, same
 * DB), keeps charging and stops; the session is one transaction and one completed workflow with the exact energy.
 */
describe('a gateway restart in the middle of a session', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `restart-${randomUUID()}`;
  let db: TestDatabase;
  let options: GatewayOptions;
  let gateway: Gateway;
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;
  let relay: OutboxRelay;
  let station: ChargePoint;

  beforeAll(async () => {
    db = await createTestDatabase();
    options = testGatewayOptions(db, { prefix: 'restart', port: await freePort() });
    gateway = await startGateway(options);
    csmsWorker = await createCsmsWorker({ temporal: { address, namespace }, taskQueue, checkDatabase: () => db.ping(), activities: createChargingSessionActivities(db) });
    running = csmsWorker.run();
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace });
    relay = new OutboxRelay({ database: db, workflows: client.workflow, taskQueue, log: pino({ level: 'silent' }), pollIntervalMs: 50 });
    relay.start();
    await db.chargeTags.create('TAG-R', { name: 'driver' });
    await db.chargePoints.create('RESTARTED', { name: 'restart' });
  });

  afterAll(async () => {
    await station?.close();
    await relay?.stop();
    csmsWorker?.shutdown();
    await running;
    await gateway?.stop();
    await connection?.close();
    await db?.close();
  });

  it('keeps one transaction and completes its session with the exact energy', async () => {
    station = new ChargePoint({
      url: `ws://127.0.0.1:${options.settings.port}/OCPP`,
      id: 'RESTARTED',
      protocol: 'ocpp1.6',
      connectors: 1,
      heartbeat: false,
      reconnect: { minDelayMs: 100, maxDelayMs: 500 },
    });
    await station.powerUp();
    await station.plugIn(1);
    const started = await station.startTransaction(1, 'TAG-R');
    station.advanceMeter(1, 600);
    await station.sendMeterValues(1);

    await gateway.stop();
    gateway = await startGateway(options);
    await expect.poll(async () => (await db.chargePoints.get('RESTARTED'))?.online, { timeout: 20_000 }).toBe(true);

    station.advanceMeter(1, 600);
    await station.sendMeterValues(1);
    const stopped = await station.stopTransaction(1);

    // the energy as the simulated station metered it, not as the DB recorded it
    const meteredWh = stopped.meterStopWh! - started.meterStartWh;
    expect(meteredWh).toBeGreaterThan(0);
    const transactions = await db.transactions.list({ chargePointId: 'RESTARTED' });
    expect(transactions).toHaveLength(1);
    const [transaction] = transactions;
    expect(transaction!.id).toBe(started.transactionId);
    expect(stopped.transactionId).toBe(started.transactionId);
    expect(transaction).toMatchObject({ status: 'Completed', meterStartWh: started.meterStartWh, meterStopWh: stopped.meterStopWh, energyWh: meteredWh });
    const result = (await client.workflow.getHandle(chargingSessionWorkflowId('RESTARTED', transaction!.id)).result()) as ChargingSessionState;
    expect(result.phase).toBe('stopped');
    expect(result).toMatchObject({ meterStartWh: started.meterStartWh, lastMeterWh: stopped.meterStopWh });
    expect(result.lastMeterWh! - result.meterStartWh!).toBe(meteredWh);
  }, 120_000);
});
