import { defineEntity, p } from '@mikro-orm/core';
import { UserEntity } from './user.entity.ts';

/** A REST API bearer token; only its SHA-256 hash is stored, the token itself is shown once. */
export const ApiTokenEntity = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: p.integer().primary().autoincrement(),
    user: p.manyToOne(UserEntity).mapToPk().deleteRule('cascade'),
    name: p.string().length(100),
    tokenHash: p.string().length(64).unique('api_token_hash_unique'),
    createdAt: p.datetime(),
    lastUsedAt: p.datetime().nullable(),
    /** After this the token is refused; null: valid until revoked. */
    expiresAt: p.datetime().nullable(),
  },
});
