import { defineEntity, p } from '@mikro-orm/core';
import { UserEntity } from './user.entity.ts';

/**
 * A signed-in browser session of the management app. Only the SHA-256 of the cookie value is stored; the session ends
 * at `expiresAt` (absolute lifetime) or when it was idle too long (`lastUsedAt`), on logout, or with its user.
 */
export const WebSessionEntity = defineEntity({
  name: 'WebSession',
  tableName: 'web_session',
  properties: {
    id: p.integer().primary().autoincrement(),
    user: p.manyToOne(UserEntity).mapToPk().deleteRule('cascade'),
    tokenHash: p.string().length(64).unique('web_session_hash_unique'),
    createdAt: p.datetime(),
    lastUsedAt: p.datetime(),
    expiresAt: p.datetime().index('web_session_expires_index'),
  },
});
