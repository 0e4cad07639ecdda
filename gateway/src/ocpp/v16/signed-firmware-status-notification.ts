import type { Ocpp16Handler } from '../handler-types.ts';

/** 1.6 (security whitepaper) SignedFirmwareStatusNotification: acknowledged and logged. */
export const signedFirmwareStatusNotification16: Ocpp16Handler<'SignedFirmwareStatusNotification'> = (payload, context) => {
  context.logger.info({ status: payload.status, requestId: payload.requestId }, 'signed firmware status');
  return {};
};
