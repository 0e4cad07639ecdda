import { afterEach, describe, expect, it, vi } from 'vitest';
import { OcppCallError } from '../errors.ts';
import { OcppValidator } from '../protocol/schemas/validator.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import type { Ocpp16ActionMap } from '../protocol/types/ocpp16.ts';
import type { Ocpp16HandlerTable, StationContext } from './handler.ts';
import { OcppRouter } from './router.ts';
import { StationActor } from './station-actor.ts';
import { createStubHandlers16, createStubHandlers201, createStubHandlers21 } from './stub-handlers.ts';
import { testContext } from './test-kit.ts';

const validators = { '1.6': new OcppValidator('1.6'), '2.0.1': new OcppValidator('2.0.1'), '2.1': new OcppValidator('2.1') };

function setup(version: OcppVersion, handlers: object = stubsFor(version), options: { lenient?: boolean } = {}) {
  const sent: string[] = [];
  const context = testContext(version);
  const router = new OcppRouter<StationContext>({ version, handlers, validator: validators[version], validateResponses: true });
  let ids = 0;
  const actor = new StationActor<StationContext, Ocpp16ActionMap>({
    context,
    router,
    send: (text) => void sent.push(text),
    newMessageId: () => `srv-${++ids}`,
    lenient: options.lenient,
  });
  const frames = () => sent.map((text) => JSON.parse(text) as unknown[]);
  /** Frames with CALLERRORs cut to [4, id, code], for assertions that do not care about descriptions. */
  const heads = () => frames().map((frame) => (frame[0] === 4 ? frame.slice(0, 3) : frame));
  return { actor, sent, frames, heads, context };
}

function stubsFor(version: OcppVersion): object {
  return version === '1.6' ? createStubHandlers16() : version === '2.0.1' ? createStubHandlers201() : createStubHandlers21();
}

afterEach(() => void vi.useRealTimers());

describe('StationActor: incoming CALLs', () => {
  it('answers a valid CALL with a CALLRESULT', () => {
    const { actor, frames } = setup('1.6');
    actor.receive('[2,"1","Heartbeat",{}]');
    expect(frames()).toEqual([[3, '1', { currentTime: '2026-01-02T03:04:05.000Z' }]]);
  });

  it.each(['1.6', '2.0.1', '2.1'] as const)('answers BootNotification of %s from the stub table', (version) => {
    const { actor, heads } = setup(version);
    const payload = version === '1.6' ? { chargePointVendor: 'v', chargePointModel: 'm' } : { reason: 'PowerUp', chargingStation: { model: 'm', vendorName: 'v' } };
    actor.receive(JSON.stringify([2, 'b', 'BootNotification', payload]));
    expect(heads()[0]).toMatchObject([3, 'b', { status: 'Accepted', interval: 300 }]);
  });

  it('answers bad JSON with id -1: FormationViolation in 1.6, RpcFrameworkError in 2.x', () => {
    const a = setup('1.6');
    a.actor.receive('[2,"1","Heartbeat"');
    expect(a.heads()[0]).toMatchObject([4, '-1', 'FormationViolation']);
    const b = setup('2.0.1');
    b.actor.receive('not json');
    expect(b.heads()[0]).toMatchObject([4, '-1', 'RpcFrameworkError']);
  });

  it('answers an unreadable message id with -1 and keeps the connection usable', () => {
    const { actor, heads } = setup('2.1');
    actor.receive('[2,{"id":1},"Heartbeat",{}]');
    actor.receive('[2,"2","Heartbeat",{}]');
    expect(heads()).toMatchObject([[4, '-1', 'RpcFrameworkError'], [3, '2', {}]]);
  });

  it('answers an unknown message type with MessageTypeNotSupported in 2.x and GenericError in 1.6', () => {
    const a = setup('2.0.1');
    a.actor.receive('[9,"x",{}]');
    expect(a.heads()[0]).toMatchObject([4, 'x', 'MessageTypeNotSupported']);
    const b = setup('1.6');
    b.actor.receive('[9,"x",{}]');
    expect(b.heads()[0]).toMatchObject([4, 'x', 'GenericError']);
  });

  it('answers wrong types with TypeConstraintViolation and missing fields with the version spelling of occurrence', () => {
    const a = setup('1.6');
    a.actor.receive('[2,"1","StatusNotification",{"connectorId":"1","errorCode":"NoError","status":"Available"}]');
    a.actor.receive('[2,"2","Authorize",{}]');
    expect(a.heads()).toMatchObject([[4, '1', 'TypeConstraintViolation'], [4, '2', 'OccurenceConstraintViolation']]);
    const b = setup('2.1');
    b.actor.receive('[2,"2","Authorize",{}]');
    expect(b.heads()[0]).toMatchObject([4, '2', 'OccurrenceConstraintViolation']);
  });

  it('answers an unknown action with NotImplemented and a known but unhandled one with NotSupported', () => {
    const { actor, heads } = setup('1.6');
    actor.receive('[2,"1","Teleport",{}]');
    actor.receive('[2,"2","Reset",{"type":"Hard"}]');
    actor.receive('[2,"3","constructor",{}]');
    expect(heads()).toMatchObject([[4, '1', 'NotImplemented'], [4, '2', 'NotSupported'], [4, '3', 'NotImplemented']]);
  });

  it('processes soft violations in lenient mode and still refuses hard ones', () => {
    const { actor, heads, context } = setup('1.6', undefined, { lenient: true });
    actor.receive(JSON.stringify([2, '1', 'Authorize', { idTag: 'x'.repeat(30) }]));
    actor.receive('[2,"2","Authorize",{"idTag":5}]');
    expect(heads()).toMatchObject([[3, '1', { idTagInfo: { status: 'Accepted' } }], [4, '2', 'TypeConstraintViolation']]);
    expect(context.logger.entries.some((e) => e.msg === 'lenient: schema violation accepted')).toBe(true);
  });

  it('answers a handler OcppCallError with its code and any other failure with InternalError', async () => {
    const handlers = {
      ...createStubHandlers16(),
      Heartbeat: () => {
        throw new OcppCallError('SecurityError', 'not accepted yet');
      },
      StatusNotification: () => Promise.reject(new Error('db down')),
    } satisfies Ocpp16HandlerTable;
    const { actor, frames } = setup('1.6', handlers);
    actor.receive('[2,"1","Heartbeat",{}]');
    actor.receive('[2,"2","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]');
    await vi.waitFor(() => expect(frames()).toHaveLength(2));
    expect(frames()).toEqual([[4, '1', 'SecurityError', 'not accepted yet', {}], [4, '2', 'InternalError', 'internal error', {}]]);
  });

  it('handles CALLs strictly in arrival order even when an earlier handler is slower', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handlers = {
      ...createStubHandlers16(),
      Authorize: async (payload) => {
        order.push(`start ${payload.idTag}`);
        if (payload.idTag === 'slow') await gate;
        order.push(`end ${payload.idTag}`);
        return { idTagInfo: { status: 'Accepted' as const } };
      },
    } satisfies Ocpp16HandlerTable;
    const { actor, frames } = setup('1.6', handlers);
    actor.receive('[2,"1","Authorize",{"idTag":"slow"}]');
    actor.receive('[2,"2","Authorize",{"idTag":"fast"}]');
    actor.receive('[2,"3","Heartbeat",{}]');
    await Promise.resolve();
    expect(order).toEqual(['start slow']);
    release();
    await vi.waitFor(() => expect(frames()).toHaveLength(3));
    expect(order).toEqual(['start slow', 'end slow', 'start fast', 'end fast']);
    expect(frames().map((f) => f[1])).toEqual(['1', '2', '3']);
  });

  it('answers a retransmitted CALL from the cache and never executes it twice', async () => {
    let starts = 0;
    const handlers = { ...createStubHandlers16(), StartTransaction: async () => ({ transactionId: ++starts, idTagInfo: { status: 'Accepted' as const } }) } satisfies Ocpp16HandlerTable;
    const { actor, frames } = setup('1.6', handlers);
    const start = '[2,"s1","StartTransaction",{"connectorId":1,"idTag":"t","meterStart":0,"timestamp":"2026-01-01T00:00:00Z"}]';
    actor.receive(start);
    actor.receive(start); // while the first is still being handled
    await vi.waitFor(() => expect(frames()).toHaveLength(2));
    actor.receive(start); // after it was answered
    await vi.waitFor(() => expect(frames()).toHaveLength(3));
    expect(starts).toBe(1);
    expect(frames()).toEqual(Array(3).fill([3, 's1', { transactionId: 1, idTagInfo: { status: 'Accepted' } }]));
  });

  it('treats a reused id with a different CALL as a new CALL', () => {
    const { actor, heads, context } = setup('1.6');
    actor.receive('[2,"1","Heartbeat",{}]');
    actor.receive('[2,"1","Authorize",{"idTag":"a"}]');
    expect(heads()[1]).toMatchObject([3, '1', { idTagInfo: { status: 'Accepted' } }]);
    expect(context.logger.entries.some((e) => e.msg === 'message id reused for a different CALL')).toBe(true);
  });

  it('refuses an off-schema handler answer as InternalError when response validation is on', () => {
    const handlers = { ...createStubHandlers16(), Heartbeat: () => ({ currentTime: 5 }) as never } satisfies Ocpp16HandlerTable;
    const { actor, heads } = setup('1.6', handlers);
    actor.receive('[2,"1","Heartbeat",{}]');
    expect(heads()[0]).toMatchObject([4, '1', 'InternalError']);
  });

  it('passes 2.1 SEND messages to their handler and never answers them', async () => {
    const seen: unknown[] = [];
    const context = testContext('2.1');
    const router = new OcppRouter({ version: '2.1', validator: validators['2.1'], handlers: createStubHandlers21(), sendHandlers: { NotifyPeriodicEventStream: (p: unknown) => void seen.push(p) } });
    const sent: string[] = [];
    const actor = new StationActor({ context, router, send: (t) => void sent.push(t) });
    actor.receive('[6,"s","NotifyPeriodicEventStream",{"id":1,"pending":0,"basetime":"2026-01-01T00:00:00Z","data":[{"t":0,"v":"1"}]}]');
    actor.receive('[6,"s2","NotifyPeriodicEventStream",{"id":"bad"}]');
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(sent).toEqual([]);
  });
});

describe('handler tables', () => {
  it('make a table without every handled action a compile error', () => {
    const { Heartbeat: _omitted, ...partial } = createStubHandlers16();
    // @ts-expect-error Heartbeat is missing, so this is not an Ocpp16HandlerTable
    const table: Ocpp16HandlerTable = partial;
    expect(Object.keys(table)).not.toContain('Heartbeat');
  });
});

describe('StationActor: robustness', () => {
  it('keeps the mailbox moving when send throws or an answer cannot be serialised', () => {
    const context = testContext('1.6');
    const handlers = { ...createStubHandlers16(), Heartbeat: () => ({ currentTime: 1n }) as never } satisfies Ocpp16HandlerTable;
    const router = new OcppRouter({ version: '1.6', validator: validators['1.6'], handlers });
    const sent: string[] = [];
    let fail = true;
    const actor = new StationActor({ context, router, send: (text) => {
      if (fail) { fail = false; throw new Error('socket gone'); }
      sent.push(text);
    } });
    expect(() => actor.receive('[2,"1","Authorize",{"idTag":"a"}]')).not.toThrow();
    actor.receive('[2,"2","Heartbeat",{}]');
    expect(sent.map((t) => (JSON.parse(t) as unknown[]).slice(0, 3))).toEqual([[4, '2', 'InternalError']]);
  });
});
