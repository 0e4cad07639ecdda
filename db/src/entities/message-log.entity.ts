import { defineEntity, p } from '@mikro-orm/core';

/**
 * One OCPP-J frame (or a summary of it) as logged by the gateway, inserted in batches. No foreign key to the station:
 * frames of unknown stations are worth keeping too.
 */
export const MessageLogEntity = defineEntity({
  name: 'MessageLog',
  tableName: 'message_log',
  properties: {
    // SQLite's INTEGER PRIMARY KEY is 64-bit already; only PostgreSQL needs bigserial
    id: p.bigint('number').primary().autoincrement().ignoreSchemaChanges('type'),
    loggedAt: p.datetime(),
    chargePointId: p.string().length(100),
    direction: p.string().length(3),
    messageType: p.string().length(12),
    action: p.string().length(60).nullable(),
    uniqueId: p.string().length(64).nullable(),
    payload: p.text().nullable(),
    errorCode: p.string().length(50).nullable(),
  },
  indexes: [
    { properties: ['chargePointId', 'loggedAt'], name: 'message_log_station_time_index' },
    { properties: ['loggedAt'], name: 'message_log_time_index' },
  ],
});
