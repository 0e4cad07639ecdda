import { defineEntity, p } from '@mikro-orm/core';

/** A person who signs in to the management UI; `passwordHash` is an scrypt hash with a per-user salt. */
export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().length(100).unique('app_user_username_unique'),
    passwordHash: p.string().length(255),
    role: p.string().length(10),
    language: p.string().length(5).default('en'),
    lastLoginAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
