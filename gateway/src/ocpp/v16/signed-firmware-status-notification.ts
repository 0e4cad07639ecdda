import type { Ocpp16Handler } from '../handler-types.ts';
import { recordStationFileStatus } from './station-file-status.ts';

/** 1.6 (security whitepaper) SignedFirmwareStatusNotification: added to the SignedUpdateFirmware job its `requestId` names. */
export const signedFirmwareStatusNotification16: Ocpp16Handler<'SignedFirmwareStatusNotification'> = async (payload, context) => {
  await recordStationFileStatus(context, ['signedFirmware'], payload.status, payload.requestId);
  return {};
};
