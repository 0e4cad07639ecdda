import { handleBoot } from '../handle-boot.ts';
import type { Ocpp16Handler } from '../handler-types.ts';

/**
 * 1.6 BootNotification: stores what the station reports (OCPP.Core discarded it) and answers `Accepted` with the
 * station's heartbeat interval, or `Pending` while an admin has not accepted a self-registered station.
 */
export const bootNotification16: Ocpp16Handler<'BootNotification'> = (payload, context) =>
  handleBoot(context, {
    vendor: payload.chargePointVendor,
    model: payload.chargePointModel,
    chargePointSerialNumber: payload.chargePointSerialNumber ?? null,
    chargeBoxSerialNumber: payload.chargeBoxSerialNumber ?? null,
    firmwareVersion: payload.firmwareVersion ?? null,
    iccid: payload.iccid ?? null,
    imsi: payload.imsi ?? null,
    meterType: payload.meterType ?? null,
    meterSerialNumber: payload.meterSerialNumber ?? null,
    reason: null,
  });
