import type { Ocpp2Handler } from '../handler-types.ts';

/** 2.0.1/2.1 FirmwareStatusNotification: acknowledged and logged. */
export const firmwareStatusNotification2: Ocpp2Handler<'FirmwareStatusNotification'> = (payload, context) => {
  context.logger.info({ status: payload.status, requestId: payload.requestId }, 'firmware status');
  return {};
};
