import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CallErrorResponseError,
  CallQueueFullError,
  CallTimeoutError,
  ConnectionLostError,
  InvalidCallError,
  InvalidCallResultError,
} from '../errors.ts';
import { OcppValidator } from '../protocol/schemas/validator.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import type { Ocpp16ActionMap } from '../protocol/types/ocpp16.ts';
import type { StationContext } from './handler.ts';
import { OcppRouter } from './router.ts';
import { StationActor } from './station-actor.ts';
import { createStubHandlers16, createStubHandlers201, createStubHandlers21 } from './stub-handlers.ts';
import { testContext } from './test-kit.ts';

const validators = { '1.6': new OcppValidator('1.6'), '2.0.1': new OcppValidator('2.0.1'), '2.1': new OcppValidator('2.1') };

function setup(version: OcppVersion = '1.6', options: { maxQueuedCalls?: number } = {}) {
  const handlers = version === '1.6' ? createStubHandlers16() : version === '2.0.1' ? createStubHandlers201() : createStubHandlers21();
  const sent: string[] = [];
  const context = testContext(version);
  let ids = 0;
  const actor = new StationActor<StationContext, Ocpp16ActionMap>({
    context,
    router: new OcppRouter<StationContext>({ version, handlers, validator: validators[version] }),
    send: (text) => void sent.push(text),
    newMessageId: () => `srv-${++ids}`,
    callTimeoutMs: 1_000,
    maxQueuedCalls: options.maxQueuedCalls,
  });
  const frames = () => sent.map((text) => JSON.parse(text) as unknown[]);
  return { actor, sent, frames, context };
}

afterEach(() => void vi.useRealTimers());

describe('StationActor: server-initiated CALLs', () => {
  it('sends a CALL and resolves with the matching CALLRESULT', async () => {
    const { actor, frames } = setup();
    const result = actor.call('Reset', { type: 'Soft' });
    expect(frames()).toEqual([[2, 'srv-1', 'Reset', { type: 'Soft' }]]);
    actor.receive('[3,"srv-1",{"status":"Accepted"}]');
    await expect(result).resolves.toEqual({ status: 'Accepted' });
  });

  it('keeps exactly one CALL in flight and sends the next after the answer', async () => {
    const { actor, frames } = setup();
    const first = actor.call('ClearCache', {});
    const second = actor.call('UnlockConnector', { connectorId: 1 });
    expect(frames()).toHaveLength(1);
    expect(actor.pendingCalls).toBe(2);
    actor.receive('[3,"srv-1",{"status":"Accepted"}]');
    await expect(first).resolves.toEqual({ status: 'Accepted' });
    expect(frames()[1]).toEqual([2, 'srv-2', 'UnlockConnector', { connectorId: 1 }]);
    actor.receive('[3,"srv-2",{"status":"Unlocked"}]');
    await expect(second).resolves.toEqual({ status: 'Unlocked' });
  });

  it("surfaces the station's CALLERROR as a typed error with its code", async () => {
    const { actor } = setup();
    const result = actor.call('Reset', { type: 'Hard' });
    actor.receive('[4,"srv-1","NotSupported","no reset here",{"x":1}]');
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallErrorResponseError);
    expect(error).toMatchObject({ code: 'ChargePointError', errorCode: 'NotSupported', errorDescription: 'no reset here', errorDetails: { x: 1 } });
  });

  it('attributes a CALLERROR with id -1 to the CALL in flight', async () => {
    const { actor } = setup();
    const result = actor.call('ClearCache', {});
    actor.receive('[4,"-1","FormationViolation","cannot read",{}]');
    await expect(result).rejects.toBeInstanceOf(CallErrorResponseError);
  });

  it('fails the command with InvalidCallResultError when the station answers with an off-schema payload', async () => {
    const { actor, frames } = setup('1.6');
    const result = actor.call('Reset', { type: 'Soft' });
    actor.receive('[3,"srv-1",{"status":"Maybe"}]');
    await expect(result).rejects.toBeInstanceOf(InvalidCallResultError);
    expect(frames()).toHaveLength(1); // 1.6 cannot answer a CALLRESULT
  });

  it('answers an off-schema CALLRESULT with CALLRESULTERROR in 2.1', async () => {
    const { actor, frames } = setup('2.1');
    const result = actor.call('ClearCache', {});
    actor.receive('[3,"srv-1",{"status":7}]');
    await expect(result).rejects.toBeInstanceOf(InvalidCallResultError);
    expect(frames()[1]?.slice(0, 3)).toEqual([5, 'srv-1', 'TypeConstraintViolation']);
  });

  it('does not answer a garbage answer from the station with a CALLERROR; the CALL then times out', async () => {
    vi.useFakeTimers();
    const { actor, frames, context } = setup();
    const result = actor.call('ClearCache', {});
    actor.receive('[3,"srv-1"]');
    actor.receive('[3,"srv-1",[1,2]]');
    expect(frames()).toHaveLength(1);
    expect(context.logger.entries.filter((e) => e.msg === 'malformed answer from station')).toHaveLength(2);
    vi.advanceTimersByTime(1_000);
    await expect(result).rejects.toBeInstanceOf(CallTimeoutError);
  });

  it('fails a CALL the station never answers with CallTimeoutError and moves on', async () => {
    vi.useFakeTimers();
    const { actor, frames, context } = setup();
    const first = actor.call('ClearCache', {});
    const second = actor.call('ClearCache', {}, { timeoutMs: 5_000 });
    vi.advanceTimersByTime(999);
    expect(frames()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const error = await first.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallTimeoutError);
    expect(error).toMatchObject({ code: 'ChargePointTimeout', action: 'ClearCache', timeoutMs: 1_000 });
    expect(frames()[1]).toEqual([2, 'srv-2', 'ClearCache', {}]);
    actor.receive('[3,"srv-1",{"status":"Accepted"}]'); // late answer to the timed-out call
    expect(context.logger.entries.some((e) => e.msg?.includes('no pending call'))).toBe(true);
    actor.receive('[3,"srv-2",{"status":"Accepted"}]');
    await expect(second).resolves.toEqual({ status: 'Accepted' });
  });

  it('fails every pending and queued CALL at once with ConnectionLostError on close', async () => {
    vi.useFakeTimers();
    const { actor } = setup();
    const calls = [actor.call('ClearCache', {}), actor.call('Reset', { type: 'Hard' }), actor.call('GetConfiguration', {})];
    actor.close('socket closed');
    const errors = await Promise.all(calls.map((c) => c.catch((e: unknown) => e)));
    for (const error of errors) expect(error).toBeInstanceOf(ConnectionLostError);
    expect(errors[1]).toMatchObject({ code: 'ConnectionLost', action: 'Reset' });
    await expect(actor.call('ClearCache', {})).rejects.toBeInstanceOf(ConnectionLostError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses an unknown action or an off-schema payload before sending', async () => {
    const { actor, frames } = setup();
    await expect(actor.call('Reset', { type: 'Sideways' } as never)).rejects.toBeInstanceOf(InvalidCallError);
    await expect(actor.call('Teleport' as 'Reset', { type: 'Hard' })).rejects.toMatchObject({ violation: { kind: 'NotImplemented' } });
    expect(frames()).toEqual([]);
  });

  it('refuses CALLs beyond the queue limit', async () => {
    const { actor } = setup('1.6', { maxQueuedCalls: 1 });
    void actor.call('ClearCache', {}).catch(() => undefined); // in flight
    void actor.call('ClearCache', {}).catch(() => undefined); // queued
    await expect(actor.call('ClearCache', {})).rejects.toBeInstanceOf(CallQueueFullError);
    actor.close();
  });

  it('logs a CALLERROR that matches no pending call instead of dropping it silently', () => {
    const { actor, context } = setup();
    actor.receive('[4,"nobody","InternalError","boom",{}]');
    expect(context.logger.entries.find((e) => e.msg === 'CALLERROR for no pending call')?.obj).toMatchObject({ errorCode: 'InternalError' });
  });

  it('drops queued incoming CALLs and discards a pending answer after close', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { actor, sent } = setup();
    // A handler still running when the socket closes must not write to it afterwards.
    const slow = new StationActor({
      context: testContext('1.6'),
      router: new OcppRouter({ version: '1.6', validator: validators['1.6'], handlers: { ...createStubHandlers16(), Heartbeat: async () => { await gate; return { currentTime: 'x' }; } } }),
      send: (text) => void sent.push(text),
    });
    slow.receive('[2,"1","Heartbeat",{}]');
    slow.receive('[2,"2","Heartbeat",{}]');
    slow.close();
    release();
    await gate;
    await Promise.resolve();
    expect(sent).toEqual([]);
    expect(actor.closed).toBe(false);
    expect(slow.closed).toBe(true);
  });
});
