import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';

/**
 * One connector of a station, created when the station first reports it. `evseId` is the OCPP 1.6 `connectorId` or
 * the 2.x EVSE id (what the REST API calls connector `n`); `connectorId` is the 2.x connector inside that EVSE (1 for
 * 1.6). The raw OCPP status is kept beside the mapped one.
 */
export const ConnectorEntity = defineEntity({
  name: 'Connector',
  tableName: 'connector',
  properties: {
    id: p.integer().primary().autoincrement(),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().deleteRule('cascade'),
    evseId: p.integer(),
    connectorId: p.integer().default(1),
    name: p.string().length(100).nullable(),
    ocppStatus: p.string().length(30).nullable(),
    status: p.string().length(20).default('Unknown'),
    errorCode: p.string().length(50).nullable(),
    statusInfo: p.string().length(500).nullable(),
    statusAt: p.datetime().nullable(),
    meterWh: p.integer().nullable(),
    meterAt: p.datetime().nullable(),
    powerW: p.integer().nullable(),
    powerAt: p.datetime().nullable(),
    soc: p.integer().nullable(),
    socAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['chargePoint', 'evseId', 'connectorId'], name: 'connector_station_evse_unique' }],
});
