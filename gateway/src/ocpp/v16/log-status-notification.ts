import type { Ocpp16Handler } from '../handler-types.ts';

/** 1.6 (security whitepaper) LogStatusNotification: acknowledged and logged. */
export const logStatusNotification16: Ocpp16Handler<'LogStatusNotification'> = (payload, context) => {
  context.logger.info({ status: payload.status, requestId: payload.requestId }, 'log upload status');
  return {};
};
