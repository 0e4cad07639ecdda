import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';

/**
 * A SecurityEventNotification a station sent (1.6 security whitepaper, 2.x A04): kept with the station's own
 * timestamp and the time it arrived, and whether the event list marks it critical.
 */
export const SecurityEventEntity = defineEntity({
  name: 'SecurityEvent',
  tableName: 'security_event',
  properties: {
    id: p.integer().primary().autoincrement(),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().deleteRule('cascade'),
    type: p.string().length(50),
    critical: p.boolean(),
    occurredAt: p.datetime(),
    receivedAt: p.datetime(),
    techInfo: p.string().length(255).nullable(),
  },
  indexes: [
    { properties: ['chargePoint', 'receivedAt'], name: 'security_event_station_time_index' },
    // the fleet's recent critical events (alerts)
    { properties: ['critical', 'receivedAt'], name: 'security_event_critical_time_index' },
  ],
});
