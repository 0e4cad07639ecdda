import type { Ocpp16Handler } from '../handler-types.ts';

/** 1.6 Heartbeat: the current time (the gateway records last-seen for every message, in batches). */
export const heartbeat16: Ocpp16Handler<'Heartbeat'> = (_payload, context) => ({ currentTime: context.clock.now().toISOString() });
