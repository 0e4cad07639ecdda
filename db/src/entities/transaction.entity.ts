import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';
import { PaymentEntity } from './payment.entity.ts';

/**
 * A charging transaction. The integer `id` is the OCPP 1.6 `transactionId`; `externalId` is the 2.x
 * `transactionId`. `startKey` is the business key of the start (DESIGN.md §3), unique per station, so a start the
 * station resends after a lost CALLRESULT finds the same row. Energy in Wh.
 */
export const TransactionEntity = defineEntity({
  name: 'Transaction',
  tableName: 'charging_transaction',
  properties: {
    id: p.integer().primary().autoincrement(),
    externalId: p.string().length(36).nullable(),
    startKey: p.string().length(255),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk(),
    evseId: p.integer(),
    connectorId: p.integer().default(1),
    // 2.1 idTokens have up to 255 characters (IdTokenType.idToken string[255]); 1.6 idTags 20, 2.0.1 36
    startTag: p.string().length(255).nullable(),
    startedAt: p.datetime(),
    meterStartWh: p.integer(),
    // 2.x: the Started event carried no energy register; the first reading becomes the meter start
    meterStartPending: p.boolean().default(false),
    startReason: p.string().length(50).nullable(),
    stopTag: p.string().length(255).nullable(),
    stoppedAt: p.datetime().nullable(),
    meterStopWh: p.integer().nullable(),
    stopReason: p.string().length(50).nullable(),
    energyWh: p.integer().nullable(),
    lastMeterWh: p.integer().nullable(),
    lastMeterAt: p.datetime().nullable(),
    maxEnergyWh: p.integer().nullable(),
    status: p.string().length(20),
    dataIssue: p.string().length(500).nullable(),
    workflowId: p.string().length(200).nullable(),
    remoteStartId: p.integer().nullable(),
    payment: p.manyToOne(PaymentEntity).mapToPk().nullable().deleteRule('set null'),
    // what a paid session cost by its price list (minor units), set at the settlement
    costMinor: p.integer().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  uniques: [{ properties: ['chargePoint', 'startKey'], name: 'transaction_start_key_unique' }],
  indexes: [
    // latest transaction per connector (overview) and a station's history by connector
    { properties: ['chargePoint', 'evseId', 'id'], name: 'transaction_connector_latest_index' },
    // history by station and time
    { properties: ['chargePoint', 'startedAt'], name: 'transaction_station_time_index' },
    // reports over all stations by time
    { properties: ['startedAt'], name: 'transaction_started_index' },
    // open transactions
    { properties: ['status', 'chargePoint'], name: 'transaction_status_index' },
    { properties: ['chargePoint', 'externalId'], name: 'transaction_external_id_index' },
  ],
});
