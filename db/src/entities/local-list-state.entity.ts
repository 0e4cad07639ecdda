import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';

/** One entry of a local authorization list as sent (1.6 AuthorizationData; `idTagInfo` absent: a removal). */
export interface LocalListEntryData {
  readonly idTag: string;
  readonly idTagInfo?: { readonly status: string; readonly expiryDate?: string; readonly parentIdTag?: string };
}

/**
 * What the system knows of a station's local authorization list: the version and entries the station holds (after
 * its last Accepted SendLocalList), the last update sent and its answer, and the version the station last reported
 * (GetLocalListVersion; -1: no local list support).
 */
export const LocalListStateEntity = defineEntity({
  name: 'LocalListState',
  tableName: 'local_list_state',
  properties: {
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().primary().deleteRule('cascade'),
    heldVersion: p.integer().default(0),
    heldEntries: p.json<LocalListEntryData[]>(),
    lastSentVersion: p.integer().default(0),
    lastUpdateType: p.string().length(20).nullable(),
    lastStatus: p.string().length(30).nullable(),
    lastSentAt: p.datetime().nullable(),
    reportedVersion: p.integer().nullable(),
    reportedAt: p.datetime().nullable(),
    updatedAt: p.datetime(),
  },
});
