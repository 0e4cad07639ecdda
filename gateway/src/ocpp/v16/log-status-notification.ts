import type { Ocpp16Handler } from '../handler-types.ts';
import { recordStationFileStatus } from './station-file-status.ts';

/** 1.6 (security whitepaper) LogStatusNotification: added to the GetLog job its `requestId` names. */
export const logStatusNotification16: Ocpp16Handler<'LogStatusNotification'> = async (payload, context) => {
  await recordStationFileStatus(context, ['log'], payload.status, payload.requestId);
  return {};
};
