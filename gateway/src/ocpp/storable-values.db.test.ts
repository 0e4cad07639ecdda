import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway, type InProcessGateway } from '../test-kit/in-process-gateway.ts';

/*
 * Regressions found by the socket fuzzer on PostgreSQL (SQLite does not enforce column widths or integer ranges, CI
 * reruns this file on PostgreSQL): schema-valid values the database could not hold answered InternalError for ever.
 */
let gateway: InProcessGateway;
beforeAll(async () => {
  gateway = await startInProcessGateway();
});
afterAll(() => gateway?.close());

const kinds = (answers: string[]) => answers.map((text) => (JSON.parse(text) as unknown[])[0]);

describe('values the schemas allow and the database must hold', () => {
  it('stores a 1.6 firmwareVersion of 255 characters (the 1.6 schemas in use allow it)', async () => {
    const station = await gateway.connect('WIDE-BOOT', '1.6');
    const firmwareVersion = 'F'.repeat(255);
    station.receive(JSON.stringify([2, 'b1', 'BootNotification', { chargePointVendor: 'V'.repeat(50), chargePointModel: 'M', firmwareVersion }]));
    await station.barrier();
    expect(kinds(station.answers)).toEqual([3]);
    await gateway.services.flush();
    expect((await gateway.db.chargePoints.get('WIDE-BOOT'))?.boot.firmwareVersion).toBe(firmwareVersion);
    expect(gateway.failures).toEqual([]);
  });

  it('refuses an idToken with an unpaired surrogate with PropertyConstraintViolation, not InternalError', async () => {
    const station = await gateway.connect('SURROGATE', '2.1');
    const event = `{"eventType":"Started","seqNo":0,"timestamp":"${new Date().toISOString()}","triggerReason":"CablePluggedIn","transactionInfo":{"transactionId":"sur-1"},"idToken":{"idToken":"\\udfff\\ud800","type":"Central"}}`;
    station.receive(`[2,"s1","TransactionEvent",${event}]`);
    await station.barrier();
    expect(station.answers.map((text) => (JSON.parse(text) as unknown[]).slice(0, 3))).toEqual([[4, 's1', 'PropertyConstraintViolation']]);
    expect(gateway.failures).toEqual([]);
  });

  it('answers 2.x meter readings beyond a 32-bit Wh register or a double, and keeps them out of the register', async () => {
    const station = await gateway.connect('HUGE-METER', '2.0.1');
    const at = new Date().toISOString();
    const meter = (id: string, value: number, multiplier: number) =>
      JSON.stringify([2, id, 'MeterValues', { evseId: 1, meterValue: [{ timestamp: at, sampledValue: [{ value, unitOfMeasure: { unit: 'kWh', multiplier } }, { value, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier } }, { value: 1e300, measurand: 'SoC' }] }] }]);
    station.receive(meter('m1', 5_000_000, 3)); // 5e9 kWh: beyond 2^31 Wh
    station.receive(meter('m2', 1, 400)); // 1e400: Infinity
    station.receive(meter('m3', 12.5, 0));
    await station.barrier();
    expect(kinds(station.answers)).toEqual([3, 3, 3]);
    await gateway.services.flush();
    expect(gateway.failures).toEqual([]);
    const [connector] = await gateway.db.connectors.list('HUGE-METER');
    expect(connector).toMatchObject({ meterWh: 12_500 });
  });
});
