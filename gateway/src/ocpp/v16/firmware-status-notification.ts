import type { Ocpp16Handler } from '../handler-types.ts';
import { recordStationFileStatus } from './station-file-status.ts';

/** 1.6 FirmwareStatusNotification: added to the history of the station's pending UpdateFirmware job. */
export const firmwareStatusNotification16: Ocpp16Handler<'FirmwareStatusNotification'> = async (payload, context) => {
  await recordStationFileStatus(context, ['firmware'], payload.status, undefined);
  return {};
};
