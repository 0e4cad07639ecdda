import type { Ocpp2Handler } from '../handler-types.ts';
import { stationTime } from '../station-time.ts';

/** 2.0.1/2.1 StatusNotification: stores the connector's raw status beside the mapped one, per EVSE and connector. */
export const statusNotification2: Ocpp2Handler<'StatusNotification'> = async (payload, context) => {
  await context.db.recordStatus(context.stationId, {
    evseId: payload.evseId,
    connectorId: payload.connectorId,
    ocppStatus: payload.connectorStatus,
    errorCode: null,
    info: null,
    at: stationTime(payload.timestamp, context.clock.now()),
  });
  return {};
};
