import { describe, expect, it } from 'vitest';
import { OcppValidator } from '../protocol/schemas/validator.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import { OcppRouter } from './router.ts';
import { StationActor } from './station-actor.ts';
import { createStubHandlers16, createStubHandlers201, createStubHandlers21 } from './stub-handlers.ts';
import { testContext } from './test-kit.ts';

/* Regressions found by the OCPP frame fuzzer: which message types get a CALLERROR when malformed, per version. */
function actor(version: OcppVersion) {
  const handlers = version === '1.6' ? createStubHandlers16() : version === '2.0.1' ? createStubHandlers201() : createStubHandlers21();
  const sent: unknown[][] = [];
  const station = new StationActor({
    context: testContext(version),
    router: new OcppRouter({ version, handlers, validator: new OcppValidator(version) }),
    send: (text) => void sent.push(JSON.parse(text) as unknown[]),
  });
  return { station, sent };
}

describe('frames of message type 5 and 6', () => {
  it.each([
    ['1.6', 'GenericError'],
    ['2.0.1', 'MessageTypeNotSupported'],
  ] as const)('in %s a type 5 frame with an unreadable id is an unknown message type and gets a CALLERROR with id -1', (version, code) => {
    const { station, sent } = actor(version);
    station.receive('[5,42,"InternalError","",{}]');
    expect(sent).toEqual([[4, '-1', code === 'GenericError' ? 'FormationViolation' : 'RpcFrameworkError', 'message id is missing or not a string', {}]]);
    station.receive('[5,"x","InternalError","",{}]');
    expect(sent[1]?.slice(0, 3)).toEqual([4, 'x', code]);
  });

  it('in 2.1 a malformed CALLRESULTERROR or SEND is never answered', () => {
    const { station, sent } = actor('2.1');
    station.receive('[5,42,"InternalError","",{}]');
    station.receive('[6,"s1","NotifyPeriodicEventStream",0]');
    station.receive('[6,"s2","NotifyPeriodicEventStream"]');
    station.receive('[6,7,"NotifyPeriodicEventStream",{}]');
    expect(sent).toEqual([]);
  });
});
