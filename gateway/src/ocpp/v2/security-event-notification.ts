import type { Ocpp2Handler } from '../handler-types.ts';

/** 2.0.1/2.1 SecurityEventNotification: acknowledged and logged as a warning. */
export const securityEventNotification2: Ocpp2Handler<'SecurityEventNotification'> = (payload, context) => {
  context.logger.warn({ type: payload.type, timestamp: payload.timestamp, techInfo: payload.techInfo }, 'security event');
  return {};
};
