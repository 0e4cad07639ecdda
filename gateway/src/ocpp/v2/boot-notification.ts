import { handleBoot } from '../handle-boot.ts';
import type { Ocpp2Handler } from '../handler-types.ts';

/**
 * 2.0.1/2.1 BootNotification: stores the station's description and boot reason (mapped onto the 1.6 field names the
 * station record uses) and answers `Accepted`, or `Pending` until an admin accepts a self-registered station.
 */
export const bootNotification2: Ocpp2Handler<'BootNotification'> = (payload, context) => {
  const station = payload.chargingStation;
  return handleBoot(context, {
    vendor: station.vendorName,
    model: station.model,
    chargePointSerialNumber: station.serialNumber ?? null,
    firmwareVersion: station.firmwareVersion ?? null,
    iccid: station.modem?.iccid ?? null,
    imsi: station.modem?.imsi ?? null,
    reason: payload.reason,
  });
};
