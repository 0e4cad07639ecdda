import type { Ocpp2Handler } from '../handler-types.ts';

/** 2.0.1/2.1 Heartbeat: the current time. */
export const heartbeat2: Ocpp2Handler<'Heartbeat'> = (_payload, context) => ({ currentTime: context.clock.now().toISOString() });
