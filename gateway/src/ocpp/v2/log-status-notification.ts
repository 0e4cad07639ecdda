import type { Ocpp2Handler } from '../handler-types.ts';

/** 2.0.1/2.1 LogStatusNotification: acknowledged and logged. */
export const logStatusNotification2: Ocpp2Handler<'LogStatusNotification'> = (payload, context) => {
  context.logger.info({ status: payload.status, requestId: payload.requestId }, 'log upload status');
  return {};
};
