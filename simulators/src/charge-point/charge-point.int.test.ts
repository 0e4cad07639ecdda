import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OcppSubprotocol } from '@csms/gateway/protocol';
import { TestCsms } from '../testing/test-csms.ts';
import { ChargePoint } from './charge-point.ts';
import type { ChargePointOptions } from './options.ts';
import type { Transaction } from './state.ts';

const PROTOCOLS: readonly OcppSubprotocol[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

let csms: TestCsms;
const stations: ChargePoint[] = [];

beforeEach(async () => {
  csms = await TestCsms.start({ tags: { BLOCKED1: 'Blocked', INVALID1: 'Invalid' } });
});

afterEach(async () => {
  await Promise.all(stations.splice(0).map((cp) => cp.close()));
  await csms.stop();
  expect(csms.violations).toEqual([]);
});

function station(protocol: OcppSubprotocol, options: Partial<ChargePointOptions> = {}): ChargePoint {
  const cp = new ChargePoint({ url: csms.url, id: `cp-${stations.length}-${protocol}`, protocol, connectors: 2, soc: 40, ...options });
  stations.push(cp);
  return cp;
}

describe.each(PROTOCOLS)('ChargePoint over %s', (protocol) => {
  it('cold boot: BootNotification, then the status of every connector', async () => {
    const cp = station(protocol);
    const boot = await cp.powerUp();
    expect(boot.status).toBe('Accepted');
    const statuses = csms.calls.filter((c) => c.stationId === cp.id && c.action === 'StatusNotification');
    expect(statuses).toHaveLength(protocol === 'ocpp1.6' ? 3 : 2);
    expect(csms.calls[0]?.action).toBe('BootNotification');
  });

  it('authorizes, starts, charges with meter values, stops; every message valid', async () => {
    const cp = station(protocol, { meter: { phases: 3 } });
    await cp.powerUp();
    expect(await cp.authorize('ABC123')).toBe('Accepted');
    expect(await cp.authorize('BLOCKED1')).toBe('Blocked');
    const tx = await cp.startTransaction(1, 'ABC123');
    expect(tx.transactionId).toEqual(protocol === 'ocpp1.6' ? expect.any(Number) : expect.any(String));
    expect(tx.authorizationStatus).toBe('Accepted');
    cp.advanceMeter(1, 1800);
    await cp.sendMeterValues(1);
    expect(cp.connector(1).meter.registerWh).toBe(5500);
    const stopped = await cp.stopTransaction(1);
    expect(stopped).toMatchObject({ stopReason: 'Local', meterStopWh: 5500 });
    // every transaction message names the transaction by the id the station holds (1.6: the one the CSMS assigned)
    const txMessages = csms.calls.filter((c) => c.stationId === cp.id && ['StopTransaction', 'TransactionEvent'].includes(c.action));
    expect(txMessages.length).toBeGreaterThan(0);
    for (const call of txMessages) {
      const id = protocol === 'ocpp1.6' ? call.payload.transactionId : (call.payload.transactionInfo as { transactionId: string }).transactionId;
      expect(id).toBe(tx.transactionId);
    }
    expect(cp.connector(1).status).toBe('Available');
    await cp.heartbeat();
    await cp.dataTransfer('com.example', 'hello', 'world');
    await cp.firmwareStatus('Downloading');
    await cp.diagnosticsStatus('Uploading');
    const actions = csms.calls.filter((c) => c.stationId === cp.id).map((c) => c.action);
    if (protocol === 'ocpp1.6') {
      expect(actions).toEqual(expect.arrayContaining(['StartTransaction', 'MeterValues', 'StopTransaction', 'DiagnosticsStatusNotification']));
    } else {
      const events = csms.calls.filter((c) => c.action === 'TransactionEvent');
      expect(events.map((c) => [c.payload.eventType, c.payload.seqNo])).toEqual([['Started', 0], ['Updated', 1], ['Ended', 2]]);
      expect(actions).toContain('LogStatusNotification');
    }
  });

  it('a start the server refuses is stopped at once as DeAuthorized', async () => {
    const cp = station(protocol);
    await cp.powerUp();
    const stopped = new Promise<Transaction>((resolve) => cp.once('transactionStopped', resolve));
    const started = await cp.startTransaction(2, 'INVALID1');
    expect(started.authorizationStatus).toBe('Invalid');
    expect(await stopped).toBe(started);
    expect(started.stopReason).toBe('DeAuthorized');
    expect(cp.connector(2).transaction).toBeUndefined();
    const stop = await csms.waitForCall(cp.id, protocol === 'ocpp1.6' ? 'StopTransaction' : 'TransactionEvent', (c) =>
      protocol === 'ocpp1.6' ? c.payload.reason === 'DeAuthorized' : c.payload.eventType === 'Ended');
    expect(stop.payload).toMatchObject(
      protocol === 'ocpp1.6'
        ? { transactionId: started.transactionId, reason: 'DeAuthorized' }
        : { transactionInfo: { transactionId: started.transactionId, stoppedReason: 'DeAuthorized' } },
    );
  });

  it('Basic auth: the right password connects, a wrong one gets 401', async () => {
    await csms.stop();
    csms = await TestCsms.start({ passwords: { 'cp-0-secure': 'a-long-station-secret' } });
    const good = new ChargePoint({ url: csms.url, id: 'cp-0-secure', protocol, password: 'a-long-station-secret' });
    stations.push(good);
    await good.powerUp();
    const bad = new ChargePoint({ url: csms.url, id: 'cp-0-secure', protocol, password: 'wrong' });
    stations.push(bad);
    await expect(bad.connect()).rejects.toMatchObject({ code: 'ConnectFailed', httpStatus: 401 });
  });
});
