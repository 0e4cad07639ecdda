import type { Ocpp16Handler } from '../handler-types.ts';
import { recordStationFileStatus } from './station-file-status.ts';

/** 1.6 DiagnosticsStatusNotification: added to the history of the station's pending GetDiagnostics job. */
export const diagnosticsStatusNotification16: Ocpp16Handler<'DiagnosticsStatusNotification'> = async (payload, context) => {
  await recordStationFileStatus(context, ['diagnostics'], payload.status, undefined);
  return {};
};
