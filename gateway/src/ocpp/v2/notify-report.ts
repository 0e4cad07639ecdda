import type { Ocpp2Handler } from '../handler-types.ts';

/**
 * 2.0.1/2.1 NotifyReport: one part of a device-model report (GetBaseReport/GetReport). Acknowledged and summarised
 * in the log; the full frames are in the message log at level info.
 */
export const notifyReport2: Ocpp2Handler<'NotifyReport'> = (payload, context) => {
  context.logger.info(
    { requestId: payload.requestId, seqNo: payload.seqNo, tbc: payload.tbc ?? false, items: payload.reportData?.length ?? 0 },
    'device model report',
  );
  return {};
};
