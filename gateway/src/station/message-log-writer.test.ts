import { afterEach, describe, expect, it } from 'vitest';
import type { MessageLogEntry, MessageLogLevel } from '@csms/db';
import { recordingLogger } from '../actor/test-kit.ts';
import { MessageLogWriter } from './message-log-writer.ts';

const writers: MessageLogWriter[] = [];
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.close().catch(() => undefined)));
});

function setup(level: MessageLogLevel, options: { maxBuffered?: number; maxPayloadChars?: number } = {}) {
  const written: MessageLogEntry[][] = [];
  let failing = false;
  const logger = recordingLogger();
  const writer = new MessageLogWriter({
    level,
    logger,
    flushIntervalMs: 60_000,
    insertMany: async (entries) => {
      if (failing) throw new Error('db down');
      written.push([...entries]);
      return entries.length;
    },
    ...options,
  });
  writers.push(writer);
  return { writer, written, logger, fail: (on: boolean) => (failing = on) };
}

describe('MessageLogWriter', () => {
  it('writes nothing and taps nothing when off', () => {
    expect(setup('off').writer.observer('CP')).toBeUndefined();
  });

  it('at info skips the chatty actions but keeps every CALLERROR', async () => {
    const { writer, written } = setup('info');
    const tap = writer.observer('CP')!;
    tap('in', '[2,"h1","Heartbeat",{}]', 'Heartbeat');
    tap('out', '[3,"h1",{"currentTime":"x"}]', 'Heartbeat');
    tap('out', '[4,"h2","FormationViolation","bad",{}]', 'Heartbeat');
    tap('in', '[2,"a1","Authorize",{"idTag":"T"}]', 'Authorize');
    await writer.flush();
    expect(written.flat().map((e) => [e.direction, e.messageType, e.action, e.uniqueId, e.errorCode])).toEqual([
      ['out', 'CALLERROR', 'Heartbeat', 'h2', 'FormationViolation'],
      ['in', 'CALL', 'Authorize', 'a1', null],
    ]);
    expect(written[0]?.[1]).toMatchObject({ chargePointId: 'CP', payload: '[2,"a1","Authorize",{"idTag":"T"}]' });
  });

  it('at verbose keeps every frame, including unreadable ones and 2.1 CALLRESULTERROR and SEND', async () => {
    const { writer, written } = setup('verbose');
    const tap = writer.observer('CP')!;
    tap('in', 'garbage', undefined);
    tap('in', '[5,"r1","InternalError","",{}]', undefined);
    tap('in', '[6,"s1","NotifyPeriodicEventStream",{}]', 'NotifyPeriodicEventStream');
    tap('in', '[2,"h1","Heartbeat",{}]', 'Heartbeat');
    await writer.flush();
    expect(written.flat().map((e) => [e.messageType, e.uniqueId, e.errorCode])).toEqual([
      ['CALL', null, null],
      ['CALLERROR', 'r1', 'InternalError'],
      ['CALL', 's1', null],
      ['CALL', 'h1', null],
    ]);
  });

  it('cuts long frames and says how long they were', async () => {
    const { writer, written } = setup('verbose', { maxPayloadChars: 20 });
    writer.observer('CP')!('in', `[2,"n1","NotifyReport",{"x":"${'y'.repeat(100)}"}]`, 'NotifyReport');
    await writer.flush();
    expect(written[0]?.[0]?.payload).toBe('[2,"n1","NotifyRepor…[132 chars]');
  });

  it('keeps entries for the next flush when the DB fails, dropping the oldest beyond the limit', async () => {
    const { writer, written, fail, logger } = setup('verbose', { maxBuffered: 2 });
    const tap = writer.observer('CP')!;
    fail(true);
    tap('in', '[2,"1","Heartbeat",{}]', 'Heartbeat');
    tap('in', '[2,"2","Heartbeat",{}]', 'Heartbeat');
    await writer.flush();
    tap('in', '[2,"3","Heartbeat",{}]', 'Heartbeat');
    expect(writer.buffered).toBe(2);
    fail(false);
    await writer.flush();
    expect(written.flat().map((e) => e.uniqueId)).toEqual(['2', '3']);
    expect(logger.entries.some((e) => e.msg?.includes('oldest entries dropped'))).toBe(true);
  });
});

describe('MessageLogWriter and secrets', () => {
  it('never stores a WebPaymentsCtrlr shared secret, sent or read back', async () => {
    const { writer, written } = setup('verbose');
    const tap = writer.observer('CP')!;
    const set = { setVariableData: [
      { attributeValue: 's3cr3t-0123456789abcdef', component: { name: 'WebPaymentsCtrlr' }, variable: { name: 'SharedSecret' } },
      { attributeValue: '60', component: { name: 'WebPaymentsCtrlr' }, variable: { name: 'ValidityTime' } },
    ] };
    tap('out', JSON.stringify([2, 's1', 'SetVariables', set]), 'SetVariables');
    tap('in', JSON.stringify([3, 'g1', { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: 's3cr3t-0123456789abcdef', component: { name: 'WebPaymentsCtrlr' }, variable: { name: 'SharedSecret' } }] }]), 'GetVariables');
    tap('out', '[2,"s2","SetVariables",{"SharedSecret" broken', 'SetVariables');
    await writer.flush();
    const payloads = written.flat().map((e) => e.payload ?? '');
    expect(payloads).toHaveLength(3);
    for (const payload of payloads) expect(payload).not.toContain('s3cr3t');
    expect(JSON.parse(payloads[0]!)[3].setVariableData.map((e: { attributeValue: string }) => e.attributeValue)).toEqual(['[redacted]', '60']);
    expect(written.flat()[0]).toMatchObject({ action: 'SetVariables', uniqueId: 's1', messageType: 'CALL' });
  });
});
