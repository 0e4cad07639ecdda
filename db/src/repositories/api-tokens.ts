import type { InferEntity } from '@mikro-orm/core';
import { ApiTokenEntity } from '../entities/api-token.entity.ts';
import { UserEntity } from '../entities/user.entity.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import { generateApiToken, hashApiToken } from '../secrets/api-token.ts';
import type { UserRole } from './users.ts';
import { characterCount } from '../text-length.ts';
import { pageOf, type ListPage, type ListQuery, type ListSpec } from './list-query.ts';

/** A token as plain data (never the token itself). */
export interface ApiTokenRecord {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  /** After this the token is refused; null: valid until revoked. */
  readonly expiresAt: Date | null;
}

/** `lastUsedAt` of a token is precise to this many milliseconds (one write per token per minute at most). */
export const TOKEN_USE_RESOLUTION_MS = 60_000;

/** Who a valid bearer token acts for. */
export interface TokenOwner {
  readonly tokenId: number;
  readonly userId: number;
  readonly username: string;
  readonly role: UserRole;
}

/** The sort keys of the token list. */
export const API_TOKEN_SORTS = ['name', 'createdAt', 'lastUsed', 'expiresAt'] as const;
/** A sort key of the token list. */
export type ApiTokenSort = (typeof API_TOKEN_SORTS)[number];

const API_TOKEN_LIST: ListSpec<ApiTokenSort> = {
  search: ['name'],
  sorts: {
    name: { column: 'name', natural: true },
    createdAt: { column: 'created_at' },
    lastUsed: { column: 'last_used_at' },
    expiresAt: { column: 'expires_at' },
  },
  tieBreak: 'id',
};

function toRecord(row: InferEntity<typeof ApiTokenEntity>): ApiTokenRecord {
  return { id: row.id, userId: row.user, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt ?? null, expiresAt: row.expiresAt ?? null };
}

/** REST API bearer tokens, stored hashed. */
export interface ApiTokenRepository {
  /**
   * Creates a token for `username`, valid until revoked or until `expiresAt` (which must lie after `now`); the returned
   * `token` is the only time it is visible.
   */
  create(username: string, name: string, options?: { expiresAt?: Date | null; now?: Date }): Promise<{ token: string; record: ApiTokenRecord }>;
  /**
   * The owner of `token`, or null for an unknown token or one expired at `at`. Records the use in `lastUsedAt`, at most once per
   * {@link TOKEN_USE_RESOLUTION_MS} per token, so a busy integration does not turn every read into a write.
   */
  authenticate(token: string, at: Date): Promise<TokenOwner | null>;
  list(username?: string): Promise<ApiTokenRecord[]>;
  /** One page of every token (never the secrets), searched in the token's name. */
  page(query: ListQuery<ApiTokenSort>): Promise<ListPage<ApiTokenRecord>>;
  revoke(id: number): Promise<void>;
}

/** Binds the API token repository to a session. */
export function createApiTokenRepository(session: Session): ApiTokenRepository {
  return {
    create: async (username, name, options = {}) => {
      if (name.trim() === '' || characterCount(name) > 100) throw new InvalidInputError('a token name must have 1 to 100 characters');
      const createdAt = options.now ?? new Date();
      const expiresAt = options.expiresAt ?? null;
      if (expiresAt && !(expiresAt.getTime() > createdAt.getTime())) throw new InvalidInputError('a token must expire in the future');
      const token = generateApiToken();
      const record = await session.write(async (em) => {
        const user = await em.findOne(UserEntity, { username });
        if (!user) throw new NotFoundError(`user "${username}" does not exist`);
        const row = em.create(ApiTokenEntity, { user: user.id, name, tokenHash: hashApiToken(token), createdAt, expiresAt });
        await em.flush();
        return toRecord(row);
      });
      return { token, record };
    },
    authenticate: async (token, at) => {
      const tokenHash = hashApiToken(token);
      const row = await session.read((em) => em.findOne(ApiTokenEntity, { tokenHash }));
      if (!row || (row.expiresAt && row.expiresAt.getTime() <= at.getTime())) return null;
      const user = await session.read((em) => em.findOne(UserEntity, { id: row.user }));
      if (!user) return null;
      const last = row.lastUsedAt?.getTime();
      if (last === undefined || at.getTime() - last >= TOKEN_USE_RESOLUTION_MS || at.getTime() < last) {
        await session.write((em) => em.nativeUpdate(ApiTokenEntity, { id: row.id }, { lastUsedAt: at }));
      }
      return { tokenId: row.id, userId: user.id, username: user.username, role: user.role as UserRole };
    },
    page: (query) =>
      session.read(async (em) => {
        const page = await pageOf(em, ApiTokenEntity, {}, API_TOKEN_LIST, query);
        return { rows: page.rows.map(toRecord), total: page.total };
      }),
    list: (username) =>
      session.read(async (em) => {
        let where = {};
        if (username !== undefined) {
          const user = await em.findOne(UserEntity, { username });
          if (!user) return [];
          where = { user: user.id };
        }
        return (await em.find(ApiTokenEntity, where, { orderBy: { id: 'asc' } })).map(toRecord);
      }),
    revoke: (id) =>
      session.write(async (em) => {
        const count = await em.nativeDelete(ApiTokenEntity, { id });
        if (count === 0) throw new NotFoundError(`token ${id} does not exist`);
      }),
  };
}
