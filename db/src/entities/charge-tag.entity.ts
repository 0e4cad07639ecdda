import { defineEntity, p } from '@mikro-orm/core';

/** An idTag / idToken. `parentTagId` is the group (1.6 parentIdTag, 2.x groupIdToken); it need not exist as a row. */
export const ChargeTagEntity = defineEntity({
  name: 'ChargeTag',
  tableName: 'charge_tag',
  properties: {
    tagId: p.string().length(36).primary(),
    name: p.string().length(100),
    parentTagId: p.string().length(36).nullable().index('charge_tag_parent_index'),
    expiresAt: p.datetime().nullable(),
    blocked: p.boolean().default(false),
    tokenType: p.string().length(20).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
