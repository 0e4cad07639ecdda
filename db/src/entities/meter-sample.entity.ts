import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';
import { TransactionEntity } from './transaction.entity.ts';

/**
 * One sampled value of a MeterValues / TransactionEvent message, inserted in batches. Energy registers are
 * normalised to Wh by the gateway; other measurands keep their reported precision and unit.
 */
export const MeterSampleEntity = defineEntity({
  name: 'MeterSample',
  tableName: 'meter_sample',
  properties: {
    // SQLite's INTEGER PRIMARY KEY is 64-bit already; only PostgreSQL needs bigserial
    id: p.bigint('number').primary().autoincrement().ignoreSchemaChanges('type'),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().deleteRule('cascade'),
    transaction: p.manyToOne(TransactionEntity).mapToPk().nullable().deleteRule('cascade'),
    evseId: p.integer(),
    sampledAt: p.datetime(),
    measurand: p.string().length(60),
    phase: p.string().length(10).nullable(),
    location: p.string().length(10).nullable(),
    context: p.string().length(30).nullable(),
    value: p.double().type('double'),
    unit: p.string().length(20).nullable(),
  },
  indexes: [
    { properties: ['transaction', 'sampledAt'], name: 'meter_sample_transaction_time_index' },
    { properties: ['sampledAt'], name: 'meter_sample_time_index' },
  ],
});
