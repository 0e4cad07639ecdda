import type { Ocpp16Handler } from '../handler-types.ts';

/** 1.6 (security whitepaper) SecurityEventNotification: acknowledged and logged as a warning. */
export const securityEventNotification16: Ocpp16Handler<'SecurityEventNotification'> = (payload, context) => {
  context.logger.warn({ type: payload.type, timestamp: payload.timestamp, techInfo: payload.techInfo }, 'security event');
  return {};
};
