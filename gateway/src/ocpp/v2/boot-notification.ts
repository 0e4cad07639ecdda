import { bootResponse } from '../boot-response.ts';
import type { Ocpp2Handler } from '../handler-types.ts';

/**
 * 2.0.1/2.1 BootNotification: stores the station's description and boot reason (mapped onto the 1.6 field names the
 * station record uses) and answers `Accepted`, or `Pending` until an admin accepts a self-registered station.
 */
export const bootNotification2: Ocpp2Handler<'BootNotification'> = async (payload, context) => {
  const at = context.clock.now();
  const station = payload.chargingStation;
  const outcome = await context.db.recordBoot(
    context.stationId,
    {
      vendor: station.vendorName,
      model: station.model,
      chargePointSerialNumber: station.serialNumber ?? null,
      firmwareVersion: station.firmwareVersion ?? null,
      iccid: station.modem?.iccid ?? null,
      imsi: station.modem?.imsi ?? null,
      reason: payload.reason,
    },
    at,
  );
  return bootResponse(context, outcome, at);
};
