import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';
import { ChargeTagEntity } from './charge-tag.entity.ts';

/**
 * A tag on a station's local authorization list (OCPP 1.6 SendLocalList): the operator assigns tags to a station;
 * what the station should hold is these tags with their current status (docs/ocpp-1.6.md, Local authorization list).
 */
export const LocalListTagEntity = defineEntity({
  name: 'LocalListTag',
  tableName: 'local_list_tag',
  properties: {
    id: p.integer().primary().autoincrement(),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().deleteRule('cascade'),
    tag: p.manyToOne(ChargeTagEntity).mapToPk().fieldName('tag_id').deleteRule('cascade').index('local_list_tag_tag_index'),
    createdAt: p.datetime(),
  },
  uniques: [{ properties: ['chargePoint', 'tag'], name: 'local_list_tag_unique' }],
});
