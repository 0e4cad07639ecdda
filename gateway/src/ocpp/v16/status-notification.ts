import type { Ocpp16Handler } from '../handler-types.ts';
import { stationTime } from '../station-time.ts';

/**
 * 1.6 StatusNotification: stores the raw status beside the mapped one, creating the connector on first report.
 * Connector 0 is the charge point as a whole (1.6 §7.7); it is logged, not stored as a connector.
 */
export const statusNotification16: Ocpp16Handler<'StatusNotification'> = async (payload, context) => {
  const { connectorId, status, errorCode } = payload;
  if (connectorId === 0) {
    context.logger.info({ status, errorCode, info: payload.info }, 'charge point status');
    return {};
  }
  const info = [payload.info, payload.vendorId, payload.vendorErrorCode].filter((part) => part).join(' / ');
  await context.db.recordStatus(context.stationId, {
    evseId: connectorId,
    connectorId: 1,
    ocppStatus: status,
    errorCode: errorCode === 'NoError' ? null : errorCode,
    info: info === '' ? null : info.slice(0, 500),
    at: stationTime(payload.timestamp, context.clock.now()),
  });
  return {};
};
