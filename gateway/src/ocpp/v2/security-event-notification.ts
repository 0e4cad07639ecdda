import type { Ocpp2Handler } from '../handler-types.ts';
import { recordSecurityEvent } from '../security-event.ts';

/** 2.0.1/2.1 SecurityEventNotification: stored with the station's events and logged as a warning. */
export const securityEventNotification2: Ocpp2Handler<'SecurityEventNotification'> = async (payload, context) => {
  await recordSecurityEvent(context, payload);
  return {};
};
