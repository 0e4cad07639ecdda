import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestCsms } from '../testing/test-csms.ts';
import { CallRefusal } from '../errors.ts';
import { ChargePoint } from './charge-point.ts';

let csms: TestCsms;
let cp: ChargePoint | undefined;

beforeEach(async () => {
  csms = await TestCsms.start();
});

afterEach(async () => {
  await cp?.close();
  cp = undefined;
  await csms.stop();
});

const settings = {
  'ocpp1.6': (attempts: number) => ({ TransactionMessageAttempts: String(attempts), TransactionMessageRetryInterval: '0.05' }),
  'ocpp2.0.1': (attempts: number) => ({ 'OCPPCommCtrlr.MessageAttempts': String(attempts), 'OCPPCommCtrlr.MessageAttemptInterval': '0.05' }),
} as const;

/** Fails the first `count` calls of `action` (CALLERROR, or no answer), then answers normally. */
function failFirst(action: string, count: number, how: 'callError' | 'silence', answer: () => Record<string, unknown>): void {
  let seen = 0;
  csms.answer(action, () => {
    seen += 1;
    if (seen > count) return answer() as never;
    if (how === 'silence') return null;
    throw new CallRefusal('InternalError', 'database unavailable');
  });
}

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('transaction messages the server failed to process (%s)', (protocol) => {
  const startAction = protocol === 'ocpp1.6' ? 'StartTransaction' : 'TransactionEvent';
  const startAnswer = () => (protocol === 'ocpp1.6' ? { transactionId: 7, idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } });

  it('are sent again with a new message id after a CALLERROR and after a timeout, and later messages wait their turn', async () => {
    cp = new ChargePoint({ url: csms.url, id: `retry-${protocol}`, protocol, heartbeat: false, callTimeoutMs: 300, settings: settings[protocol](4) });
    await cp.powerUp();
    failFirst(startAction, 2, 'callError', startAnswer);
    const from = csms.calls.length;
    const started = cp.startTransaction(1, 'TAG');
    cp.advanceMeter(1, 60);
    const meter = cp.sendMeterValues(1);
    await started;
    await meter;
    const sent = csms.calls.slice(from).filter((c) => c.action !== 'StatusNotification');
    expect(sent.map((c) => c.action).slice(0, 4)).toEqual([startAction, startAction, startAction, protocol === 'ocpp1.6' ? 'MeterValues' : 'TransactionEvent']);
    expect(new Set(sent.slice(0, 3).map((c) => c.messageId)).size).toBe(3);
    expect(sent[1]!.payload).toEqual(sent[0]!.payload);

    const stopAction = protocol === 'ocpp1.6' ? 'StopTransaction' : 'TransactionEvent';
    failFirst(stopAction, 1, 'silence', () => (protocol === 'ocpp1.6' ? { idTagInfo: { status: 'Accepted' } } : {}));
    const before = csms.calls.length;
    await cp.stopTransaction(1);
    expect(csms.calls.slice(before).filter((c) => c.action === stopAction)).toHaveLength(2);
  });

  it('give up after the configured transmissions; other messages are never retried', async () => {
    cp = new ChargePoint({ url: csms.url, id: `giveup-${protocol}`, protocol, heartbeat: false, callTimeoutMs: 300, settings: settings[protocol](2) });
    await cp.powerUp();
    failFirst(startAction, 10, 'callError', startAnswer);
    const from = csms.calls.length;
    await expect(cp.startTransaction(1, 'TAG')).rejects.toMatchObject({ name: 'CallErrorResponse' });
    expect(csms.calls.slice(from).filter((c) => c.action === startAction)).toHaveLength(2);

    failFirst('Heartbeat', 10, 'callError', () => ({ currentTime: new Date().toISOString() }));
    const beats = csms.calls.length;
    await expect(cp.heartbeat()).rejects.toMatchObject({ name: 'CallErrorResponse' });
    expect(csms.calls.slice(beats).filter((c) => c.action === 'Heartbeat')).toHaveLength(1);
  });

  it('carry on when a status notification of the transaction goes unanswered', async () => {
    cp = new ChargePoint({ url: csms.url, id: `status-${protocol}`, protocol, heartbeat: false, callTimeoutMs: 300, settings: settings[protocol](3) });
    await cp.powerUp();
    const failures: string[] = [];
    cp.on('failure', (error) => failures.push(error.name));
    csms.answer('StatusNotification', () => null);
    const started: unknown[] = [];
    cp.on('transactionStarted', (tx) => started.push(tx));
    await cp.startTransaction(1, 'TAG');
    expect(started).toHaveLength(1);
    await cp.stopTransaction(1);
    expect(failures).toContain('CallTimeoutError');
  });
});
