import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { testGatewayOptions } from './support/gateway.ts';
import { startGateway, type Gateway } from '@csms/gateway';
import { ChargePoint } from '@csms/simulators';
import { chargingSessionWorkflowId } from '@csms/temporal';

/**
 * Issue 6's "done when", with the simulator library against a real gateway on a free port: a 1.6, a 2.0.1 and a 2.1
 * station each charge and stop, and the DB shows the transaction with the right energy in Wh, its samples, the
 * connector's live values and the session's outbox events in order (no Temporal needed: the outbox is the hand-off).
 */
describe('stations charge and stop against the running gateway (simulator → gateway → DB + outbox)', () => {
  let db: TestDatabase;
  let gateway: Gateway;
  const stations: ChargePoint[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    gateway = await startGateway(testGatewayOptions(db, { prefix: 'tx', messageLogLevel: 'info', ocpp: { meterEventIntervalMs: 0 } }));
    await db.chargeTags.create('DRIVER-1', { name: 'Driver' });
  });

  afterAll(async () => {
    await Promise.all(stations.map((station) => station.close()));
    await gateway?.stop();
    await db?.close();
  });

  it.each([['ocpp1.6' as const], ['ocpp2.0.1' as const], ['ocpp2.1' as const]])('a %s station charges and stops', async (protocol) => {
    const id = `sim-${protocol.replace(/\W/g, '')}`;
    await db.chargePoints.create(id, { name: id });
    const station = new ChargePoint({ url: `ws://127.0.0.1:${gateway.port}/OCPP`, id, protocol, connectors: 1, heartbeat: false, reconnect: false });
    stations.push(station);
    expect((await station.powerUp()).status).toBe('Accepted');
    await station.plugIn(1);
    const started = await station.startTransaction(1, 'DRIVER-1');
    expect(started.authorizationStatus).toBe('Accepted');
    station.advanceMeter(1, 600);
    await station.sendMeterValues(1);
    station.advanceMeter(1, 600);
    const stopped = await station.stopTransaction(1);
    // the register the station put in its stop message: the energy is compared with the station's meter
    const meterStopWh = stopped.meterStopWh!;
    expect(meterStopWh).toBe(station.connector(1).meter.registerWh);

    const rows = await db.transactions.list({ chargePointId: id });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    const expectedEnergy = meterStopWh - started.meterStartWh;
    expect(expectedEnergy).toBeGreaterThan(0);
    expect(row).toMatchObject({ status: 'Completed', meterStartWh: started.meterStartWh, meterStopWh, energyWh: expectedEnergy, startTag: 'DRIVER-1', stopReason: stopped.stopReason });
    if (protocol === 'ocpp1.6') expect(row!.id).toBe(started.transactionId);
    else expect(row!.externalId).toBe(started.transactionId);

    const samples = await db.meterSamples.listForTransaction(row!.id);
    expect(samples.filter((s) => s.measurand === 'Energy.Active.Import.Register').length).toBeGreaterThanOrEqual(1);
    const [connector] = await db.connectors.list(id);
    expect(connector).toMatchObject({ evseId: 1, meterWh: meterStopWh });

    const events = await db.outbox.listForWorkflow(chargingSessionWorkflowId(id, row!.id));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types.at(-1)).toBe('stopped');
    expect(types.slice(1, -1).every((type) => type === 'meter')).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.payload).toMatchObject({ chargePointId: id, transactionId: row!.id, meterWh: meterStopWh, energyWh: expectedEnergy });
    expect(await db.transactions.listOpen(id)).toEqual([]);
  });
});
