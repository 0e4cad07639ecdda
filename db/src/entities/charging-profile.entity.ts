import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';

/**
 * A charging profile the system sent to a station (OCPP 1.6 smart charging): its `chargingProfileId` is allocated
 * by the system and unique per station, so the system only ever replaces or clears profiles it made itself. The
 * schedule is kept as its JSON text (rate unit, periods, duration, startSchedule, minChargingRate).
 */
export const ChargingProfileEntity = defineEntity({
  name: 'ChargingProfile',
  tableName: 'charging_profile',
  properties: {
    id: p.integer().primary().autoincrement(),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().deleteRule('cascade'),
    chargingProfileId: p.integer(),
    connectorId: p.integer(),
    stackLevel: p.integer(),
    purpose: p.string().length(30),
    kind: p.string().length(20),
    recurrencyKind: p.string().length(10).nullable(),
    validFrom: p.datetime().nullable(),
    validTo: p.datetime().nullable(),
    transactionId: p.integer().nullable(),
    schedule: p.text(),
    // Sent, Accepted, Rejected, NotSupported, Cleared, Replaced, Failed
    status: p.string().length(20),
    statusDetail: p.string().length(300).nullable(),
    // Operator (the profiles API), ChargingLimit (the charging-limit endpoint), RemoteStart
    origin: p.string().length(20),
    createdBy: p.string().length(100).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  uniques: [{ properties: ['chargePoint', 'chargingProfileId'], name: 'charging_profile_station_id_unique' }],
});
