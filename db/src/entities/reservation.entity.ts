import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';
import { TransactionEntity } from './transaction.entity.ts';

/**
 * A reservation of a connector (1.6 `connectorId` 0: the whole station) for a tag or its group (`parentIdTag`). The
 * row id is the `reservationId` sent to the station: allocated by the database, unique everywhere, so per station too.
 */
export const ReservationEntity = defineEntity({
  name: 'Reservation',
  tableName: 'reservation',
  properties: {
    id: p.integer().primary().autoincrement(),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().deleteRule('cascade'),
    connectorId: p.integer(),
    idTag: p.string().length(36),
    parentIdTag: p.string().length(36).nullable(),
    expiresAt: p.datetime(),
    // Requested, Reserved, Rejected, Cancelled, Expired, Used
    status: p.string().length(20),
    // the station's ReserveNow answer (Accepted, Faulted, Occupied, Rejected, Unavailable) or why it never got one
    answer: p.string().length(40).nullable(),
    transaction: p.manyToOne(TransactionEntity).mapToPk().nullable().deleteRule('set null'),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [{ properties: ['chargePoint', 'status'], name: 'reservation_station_status_index' }],
});
