import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';
import { TransactionEntity } from './transaction.entity.ts';

/**
 * A start the system expects (a paid session waiting for the cable, a remote start): when the station's start
 * arrives the gateway matches it to the intent and routes the session's events to `workflowId` (DESIGN.md §3).
 */
export const SessionIntentEntity = defineEntity({
  name: 'SessionIntent',
  tableName: 'session_intent',
  properties: {
    id: p.integer().primary().autoincrement(),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().deleteRule('cascade'),
    evseId: p.integer(),
    idTag: p.string().length(36),
    remoteStartId: p.integer().nullable(),
    // the paid session's maximum energy, put on the transaction when the start matches (limitReached from the first reading)
    maxEnergyWh: p.integer().nullable(),
    deadline: p.datetime(),
    workflowId: p.string().length(200).unique('session_intent_workflow_unique'),
    state: p.string().length(20),
    transaction: p.manyToOne(TransactionEntity).mapToPk().nullable().deleteRule('set null'),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [{ properties: ['chargePoint', 'state'], name: 'session_intent_station_state_index' }],
});
