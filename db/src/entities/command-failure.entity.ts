import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';

/**
 * An operator command that got no usable answer from its station (offline, no answer in time, a CALLERROR, an answer
 * that broke the schema, the connection lost): the alerts list shows it (docs/ui.md, Alerts). Only failures are kept;
 * a command's answer, success or refusal, went back to whoever ran it.
 */
export const CommandFailureEntity = defineEntity({
  name: 'CommandFailure',
  tableName: 'command_failure',
  properties: {
    id: p.integer().primary().autoincrement(),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().deleteRule('cascade'),
    // the command's type as the REST API names it (reset, unlock, …)
    command: p.string().length(50),
    // the API's error code: ChargePointOffline, ChargePointTimeout, ChargePointError, …
    code: p.string().length(50),
    message: p.string().length(500),
    requestedBy: p.string().length(100).nullable(),
    failedAt: p.datetime(),
  },
  indexes: [
    { properties: ['failedAt'], name: 'command_failure_time_index' },
    { properties: ['chargePoint', 'failedAt'], name: 'command_failure_station_time_index' },
  ],
});
