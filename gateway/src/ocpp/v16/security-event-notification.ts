import type { Ocpp16Handler } from '../handler-types.ts';
import { recordSecurityEvent } from '../security-event.ts';

/** 1.6 (security whitepaper) SecurityEventNotification: stored with the station's events and logged as a warning. */
export const securityEventNotification16: Ocpp16Handler<'SecurityEventNotification'> = async (payload, context) => {
  await recordSecurityEvent(context, payload);
  return {};
};
