import type { InferEntity } from '@mikro-orm/core';
import { ChargeTagEntity } from '../entities/charge-tag.entity.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import { assertTagId, isUniqueViolation } from './support.ts';
import { characterCount } from '../text-length.ts';
import { pageOf, type ListPage, type ListQuery, type ListSpec } from './list-query.ts';
import { judgeTag, type TagDecision } from './tag-decision.ts';

/** An idTag / idToken as plain data. */
export interface ChargeTagRecord {
  readonly tagId: string;
  readonly name: string;
  readonly parentTagId: string | null;
  readonly expiresAt: Date | null;
  readonly blocked: boolean;
  readonly tokenType: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Editable fields of a tag. */
export interface ChargeTagInput {
  readonly name: string;
  readonly parentTagId?: string | null;
  readonly expiresAt?: Date | null;
  readonly blocked?: boolean;
  readonly tokenType?: string | null;
}

function toRecord(row: InferEntity<typeof ChargeTagEntity>): ChargeTagRecord {
  return {
    tagId: row.tagId,
    name: row.name,
    parentTagId: row.parentTagId ?? null,
    expiresAt: row.expiresAt ?? null,
    blocked: row.blocked,
    tokenType: row.tokenType ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function validate(input: Partial<ChargeTagInput>): void {
  if (input.name !== undefined && (input.name.trim() === '' || characterCount(input.name) > 100)) {
    throw new InvalidInputError('a tag name must have 1 to 100 characters');
  }
  if (input.parentTagId) assertTagId(input.parentTagId);
  if (input.expiresAt && Number.isNaN(input.expiresAt.getTime())) throw new InvalidInputError('expiresAt is not a date');
}

/** The sort keys of the tag list. */
export const CHARGE_TAG_SORTS = ['tagId', 'name', 'group', 'expiresAt', 'blocked'] as const;
/** A sort key of the tag list. */
export type ChargeTagSort = (typeof CHARGE_TAG_SORTS)[number];

const CHARGE_TAG_LIST: ListSpec<ChargeTagSort> = {
  search: ['tag_id', 'name', 'parent_tag_id'],
  sorts: {
    tagId: { column: 'tag_id', natural: true },
    name: { column: 'name', natural: true },
    group: { column: 'parent_tag_id', natural: true },
    expiresAt: { column: 'expires_at' },
    blocked: { column: 'blocked' },
  },
  tieBreak: 'tag_id',
};

/** Charge tags (RFID cards, idTokens) and the authorization lookup. */
export interface ChargeTagRepository {
  create(tagId: string, input: ChargeTagInput): Promise<ChargeTagRecord>;
  update(tagId: string, patch: Partial<ChargeTagInput>): Promise<ChargeTagRecord>;
  get(tagId: string): Promise<ChargeTagRecord | null>;
  list(): Promise<ChargeTagRecord[]>;
  /** One page of the tags, searched in tag id, name and group. */
  page(query: ListQuery<ChargeTagSort>): Promise<ListPage<ChargeTagRecord>>;
  /** Puts the tags in the group `parentTagId` (null: no group) in one statement; returns how many tags exist of those given. */
  setGroup(tagIds: readonly string[], parentTagId: string | null): Promise<number>;
  remove(tagId: string): Promise<void>;
  /** Authorizes `tagId` at `now` by {@link judgeTag}: unknown → Invalid, blocked → Blocked, past expiry → Expired. */
  authorize(tagId: string, now: Date): Promise<TagDecision>;
}

/** Binds the charge tag repository to a session. */
export function createChargeTagRepository(session: Session): ChargeTagRepository {
  return {
    create: async (tagId, input) => {
      assertTagId(tagId);
      validate(input);
      try {
        return await session.write(async (em) => {
          const now = new Date();
          const row = em.create(ChargeTagEntity, {
            tagId,
            name: input.name,
            parentTagId: input.parentTagId ?? null,
            expiresAt: input.expiresAt ?? null,
            blocked: input.blocked ?? false,
            tokenType: input.tokenType ?? null,
            createdAt: now,
            updatedAt: now,
          });
          await em.flush();
          return toRecord(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`tag "${tagId}" exists already`, { cause: error });
        throw error;
      }
    },
    update: async (tagId, patch) => {
      validate(patch);
      return session.write(async (em) => {
        const row = await em.findOne(ChargeTagEntity, { tagId });
        if (!row) throw new NotFoundError(`tag "${tagId}" does not exist`);
        for (const [key, value] of Object.entries(patch)) {
          if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
        }
        row.updatedAt = new Date();
        await em.flush();
        return toRecord(row);
      });
    },
    get: (tagId) =>
      session.read(async (em) => {
        const row = await em.findOne(ChargeTagEntity, { tagId });
        return row ? toRecord(row) : null;
      }),
    list: () => session.read(async (em) => (await em.find(ChargeTagEntity, {}, { orderBy: { tagId: 'asc' } })).map(toRecord)),
    page: (query) =>
      session.read(async (em) => {
        const page = await pageOf(em, ChargeTagEntity, {}, CHARGE_TAG_LIST, query);
        return { rows: page.rows.map(toRecord), total: page.total };
      }),
    setGroup: async (tagIds, parentTagId) => {
      if (parentTagId !== null) assertTagId(parentTagId);
      if (tagIds.length === 0) return 0;
      return session.write((em) => em.nativeUpdate(ChargeTagEntity, { tagId: { $in: [...new Set(tagIds)] } }, { parentTagId, updatedAt: new Date() }));
    },
    remove: (tagId) =>
      session.write(async (em) => {
        const count = await em.nativeDelete(ChargeTagEntity, { tagId });
        if (count === 0) throw new NotFoundError(`tag "${tagId}" does not exist`);
      }),
    authorize: (tagId, now) =>
      session.read(async (em) => {
        const row = await em.findOne(ChargeTagEntity, { tagId });
        return judgeTag(tagId, row ? toRecord(row) : null, now);
      }),
  };
}
