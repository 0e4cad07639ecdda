import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import { errorCodeFor } from './error-codes.ts';
import { isFrameViolation, parseFrame, type FrameViolation } from './parse.ts';
import {
  serializeCall,
  serializeCallError,
  serializeCallResult,
  serializeCallResultError,
  serializeSend,
} from './serialize.ts';

function violation(text: string, version: OcppVersion = '2.0.1'): FrameViolation {
  const parsed = parseFrame(text, version);
  if (!isFrameViolation(parsed)) throw new Error(`expected a violation for ${text}`);
  return parsed;
}

describe('parseFrame', () => {
  it('parses CALL, CALLRESULT and CALLERROR into the parsed array itself', () => {
    expect(parseFrame('[2,"a","Heartbeat",{}]', '1.6')).toEqual([2, 'a', 'Heartbeat', {}]);
    expect(parseFrame('[3,"a",{"currentTime":"x"}]', '1.6')).toEqual([3, 'a', { currentTime: 'x' }]);
    expect(parseFrame('[4,"a","NotSupported","no",{}]', '2.0.1')).toEqual([4, 'a', 'NotSupported', 'no', {}]);
  });

  it('parses 2.1 SEND and CALLRESULTERROR frames', () => {
    expect(parseFrame('[6,"s","NotifyPeriodicEventStream",{"id":1}]', '2.1')).toEqual([6, 's', 'NotifyPeriodicEventStream', { id: 1 }]);
    expect(parseFrame('[5,"r","FormatViolation","bad",{}]', '2.1')).toEqual([5, 'r', 'FormatViolation', 'bad', {}]);
  });

  it('treats a null payload as {} (OCPP-J 2.x Part 4 §4.1.5 names both notations)', () => {
    expect(parseFrame('[2,"a","Heartbeat",null]', '2.1')).toEqual([2, 'a', 'Heartbeat', {}]);
  });

  it('tolerates a CALLERROR without details and a non-string description', () => {
    expect(parseFrame('[4,"a","InternalError",null]', '1.6')).toEqual([4, 'a', 'InternalError', '', {}]);
  });

  it('answers bad JSON with message id -1 and RpcFrameworkError', () => {
    expect(violation('[2,"a","Heartbeat",{')).toMatchObject({ messageId: '-1', kind: 'RpcFrameworkError' });
  });

  it('answers a frame that is not an array with message id -1', () => {
    expect(violation('{"a":1}')).toMatchObject({ messageId: '-1', kind: 'RpcFrameworkError' });
  });

  it('answers an unreadable message id with -1', () => {
    expect(violation('[2,42,"Heartbeat",{}]')).toMatchObject({ messageId: '-1', messageType: 2, kind: 'RpcFrameworkError' });
    expect(violation('[2]')).toMatchObject({ messageId: '-1' });
    expect(violation('[2,"","Heartbeat",{}]')).toMatchObject({ messageId: '-1' });
  });

  it('refuses a message id longer than 36 characters unless the limit is lifted', () => {
    const id = 'x'.repeat(37);
    expect(violation(`[2,"${id}","Heartbeat",{}]`)).toMatchObject({ messageId: id, kind: 'RpcFrameworkError' });
    expect(parseFrame(`[2,"${id}","Heartbeat",{}]`, '1.6', Infinity)).toEqual([2, id, 'Heartbeat', {}]);
  });

  it('answers an unknown message type with MessageTypeNotSupported and the frame id', () => {
    expect(violation('[7,"a","X",{}]')).toMatchObject({ messageId: 'a', kind: 'MessageTypeNotSupported' });
    expect(violation('["2","a","X",{}]')).toMatchObject({ messageId: 'a', kind: 'MessageTypeNotSupported' });
  });

  it('knows SEND and CALLRESULTERROR only in 2.1', () => {
    expect(violation('[6,"a","NotifyPeriodicEventStream",{}]', '2.0.1')).toMatchObject({ kind: 'MessageTypeNotSupported' });
    expect(violation('[5,"a","GenericError","",{}]', '1.6')).toMatchObject({ kind: 'MessageTypeNotSupported' });
  });

  it('refuses a CALL whose action is missing or whose payload is not an object', () => {
    expect(violation('[2,"a",{}]')).toMatchObject({ messageId: 'a', kind: 'RpcFrameworkError' });
    expect(violation('[2,"a",5,{}]')).toMatchObject({ messageId: 'a', kind: 'RpcFrameworkError' });
    expect(violation('[2,"a","Heartbeat",[]]')).toMatchObject({ messageId: 'a', kind: 'FormatViolation' });
    expect(violation('[2,"a","Heartbeat","x"]')).toMatchObject({ messageId: 'a', kind: 'FormatViolation' });
  });

  it('refuses a CALLRESULT of the wrong length and a CALLERROR without a code', () => {
    expect(violation('[3,"a"]')).toMatchObject({ messageId: 'a', messageType: 3 });
    expect(violation('[4,"a",1,"x",{}]')).toMatchObject({ messageId: 'a', messageType: 4 });
  });
});

describe('errorCodeFor', () => {
  it('spells codes as each version spells them', () => {
    expect(errorCodeFor('1.6', 'FormatViolation')).toBe('FormationViolation');
    expect(errorCodeFor('1.6', 'OccurrenceConstraintViolation')).toBe('OccurenceConstraintViolation');
    expect(errorCodeFor('1.6', 'RpcFrameworkError')).toBe('FormationViolation');
    expect(errorCodeFor('1.6', 'MessageTypeNotSupported')).toBe('GenericError');
    expect(errorCodeFor('2.0.1', 'FormatViolation')).toBe('FormatViolation');
    expect(errorCodeFor('2.1', 'OccurrenceConstraintViolation')).toBe('OccurrenceConstraintViolation');
  });
});

describe('serializers', () => {
  it('write every frame type as compact JSON that parses back', () => {
    expect(serializeCall('a"b', 'Reset', { type: 'Hard' })).toBe('[2,"a\\"b","Reset",{"type":"Hard"}]');
    expect(serializeCallResult('a', {})).toBe('[3,"a",{}]');
    expect(serializeCallError('a', 'NotSupported')).toBe('[4,"a","NotSupported","",{}]');
    expect(serializeCallResultError('a', 'FormatViolation', 'x', { p: 1 })).toBe('[5,"a","FormatViolation","x",{"p":1}]');
    expect(serializeSend('a', 'NotifyPeriodicEventStream', { id: 1 })).toBe('[6,"a","NotifyPeriodicEventStream",{"id":1}]');
  });

  it('cut the error description to 255 characters (string[255])', () => {
    const frame = JSON.parse(serializeCallError('a', 'GenericError', 'x'.repeat(300))) as unknown[];
    expect(frame[3]).toHaveLength(255);
  });
});
