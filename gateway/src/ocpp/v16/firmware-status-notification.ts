import type { Ocpp16Handler } from '../handler-types.ts';

/** 1.6 FirmwareStatusNotification: acknowledged and logged (the message log keeps it at level info). */
export const firmwareStatusNotification16: Ocpp16Handler<'FirmwareStatusNotification'> = (payload, context) => {
  context.logger.info({ status: payload.status }, 'firmware status');
  return {};
};
