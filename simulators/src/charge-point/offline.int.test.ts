import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageType } from '@csms/gateway/protocol';
import { TestCsms } from '../testing/test-csms.ts';
import { BAD_FRAME_KINDS } from './bad-frames.ts';
import { ChargePoint } from './charge-point.ts';

let csms: TestCsms;
let cp: ChargePoint;

beforeEach(async () => {
  csms = await TestCsms.start({ heartbeatInterval: 60 });
});

afterEach(async () => {
  vi.useRealTimers();
  await cp.close();
  await csms.stop();
});

function next<T extends unknown[]>(event: 'connected' | 'reconnecting' | 'disconnected'): Promise<T> {
  return new Promise((resolve) => cp.once(event, (...args: unknown[]) => resolve(args as T)));
}

describe.each(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const)('offline behaviour over %s', (protocol) => {
  it('queues transaction messages while the server is down and replays them in order after reconnecting', async () => {
    cp = new ChargePoint({ url: csms.url, id: `offline-${protocol}`, protocol, connectors: 2, reconnect: { minDelayMs: 20, maxDelayMs: 50 } });
    await cp.powerUp();
    csms.refuseConnections = true;
    const lost = next('disconnected');
    csms.dropStation(cp.id);
    await lost;
    await next('reconnecting');
    expect(cp.online).toBe(false);
    // Offline: start on 1, a meter value, start on 2, stop 1: nothing may be lost or reordered.
    const start1 = cp.startTransaction(1, 'TAG1');
    const start2 = cp.startTransaction(2, 'TAG2');
    await Promise.resolve();
    cp.advanceMeter(1, 600);
    const meter = cp.sendMeterValues(1);
    const stop1 = cp.stopTransaction(1, 'Local');
    await expect(cp.heartbeat()).rejects.toMatchObject({ code: 'NotConnected' });
    expect(cp.link.queued).toBe(protocol === 'ocpp1.6' ? 4 : 4);
    const from = csms.calls.length;
    csms.refuseConnections = false;
    await Promise.all([start1, start2, meter, stop1]);
    const replayed = csms.calls.slice(from).filter((c) => c.action !== 'StatusNotification').map((c) => c.action);
    if (protocol === 'ocpp1.6') {
      expect(replayed.slice(0, 4)).toEqual(['StartTransaction', 'StartTransaction', 'MeterValues', 'StopTransaction']);
      const [s1, , mv, stop] = csms.calls.slice(from).filter((c) => c.action !== 'StatusNotification');
      expect(s1?.payload.connectorId).toBe(1);
      // The queued meter value and stop carry the id the server gave the replayed start.
      expect(mv?.payload.transactionId).toBe(stop?.payload.transactionId);
      expect(typeof stop?.payload.transactionId).toBe('number');
    } else {
      const events = csms.calls.slice(from).filter((c) => c.action === 'TransactionEvent');
      expect(events.map((c) => [c.payload.eventType, c.payload.seqNo, c.payload.offline])).toEqual([
        ['Started', 0, true],
        ['Started', 0, true],
        ['Updated', 1, true],
        ['Ended', 2, true],
      ]);
    }
  });

  it('an unanswered transaction message is sent again after the connection drops mid-call', async () => {
    cp = new ChargePoint({ url: csms.url, id: `midcall-${protocol}`, protocol, reconnect: { minDelayMs: 10 } });
    await cp.powerUp();
    let first = true;
    csms.answer(protocol === 'ocpp1.6' ? 'StartTransaction' : 'TransactionEvent', (call) => {
      if (first) {
        first = false;
        csms.dropStation(call.stationId);
        throw new Error('dropped');
      }
      return protocol === 'ocpp1.6' ? { idTagInfo: { status: 'Accepted' }, transactionId: 77 } : { idTokenInfo: { status: 'Accepted' } };
    });
    const tx = await cp.startTransaction(1, 'TAG');
    expect(tx.authorizationStatus).toBe('Accepted');
    expect(csms.calls.filter((c) => c.action === (protocol === 'ocpp1.6' ? 'StartTransaction' : 'TransactionEvent'))).toHaveLength(2);
  });

  it('sends deliberately bad frames and reports the server answer', async () => {
    cp = new ChargePoint({ url: csms.url, id: `bad-${protocol}`, protocol });
    await cp.powerUp();
    for (const kind of BAD_FRAME_KINDS) {
      const answer = await cp.sendBadFrame(kind, 2_000);
      expect(answer?.[0], kind).toBe(MessageType.CallError);
    }
    const bad = await cp.sendBadFrame('missingRequiredField');
    expect(bad?.[2]).toBe(protocol === 'ocpp1.6' ? 'OccurenceConstraintViolation' : 'OccurrenceConstraintViolation');
    await expect(cp.call('BootNotification', {})).rejects.toMatchObject({ code: 'SchemaViolation' });
    await expect(cp.call('BootNotification', {}, { skipValidation: true })).rejects.toMatchObject({ code: 'CallError' });
  });

  it('heartbeats at the interval the server returned', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    cp = new ChargePoint({ url: csms.url, id: `hb-${protocol}`, protocol });
    await cp.powerUp();
    const heartbeat = csms.waitForCall(cp.id, 'Heartbeat');
    vi.advanceTimersByTime(59_000);
    expect(csms.calls.some((c) => c.action === 'Heartbeat')).toBe(false);
    vi.advanceTimersByTime(1_000);
    await heartbeat;
  });

  it('periodic meter values during a transaction at the configured interval', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    cp = new ChargePoint({ url: csms.url, id: `mv-${protocol}`, protocol, meterValueIntervalS: 10, chargePowerW: 7200 });
    await cp.powerUp();
    await cp.startTransaction(1, 'TAG');
    const action = protocol === 'ocpp1.6' ? 'MeterValues' : 'TransactionEvent';
    const sample = csms.waitForCall(cp.id, action, (c) => protocol === 'ocpp1.6' || c.payload.eventType === 'Updated');
    vi.advanceTimersByTime(10_000);
    const call = await sample;
    expect(JSON.stringify(call.payload)).toContain(protocol === 'ocpp1.6' ? '"value":"20"' : '"value":20');
  });
});
