import type { InferEntity } from '@mikro-orm/core';
import { UserEntity } from '../entities/user.entity.ts';
import { WebSessionEntity } from '../entities/web-session.entity.ts';
import { NotFoundError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import type { UserLanguage, UserRole } from './users.ts';

/** A stored browser session (never the cookie value, only its hash). */
export interface WebSessionRecord {
  readonly id: number;
  readonly userId: number;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly expiresAt: Date;
}

/** A live session with the user it belongs to. */
export interface WebSessionOwner {
  readonly session: WebSessionRecord;
  readonly user: { readonly id: number; readonly username: string; readonly role: UserRole; readonly language: UserLanguage };
}

function toRecord(row: InferEntity<typeof WebSessionEntity>): WebSessionRecord {
  return { id: row.id, userId: row.user, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, expiresAt: row.expiresAt };
}

/** Browser sessions of the management app, looked up by the SHA-256 of the cookie value. */
export interface WebSessionRepository {
  /** Stores a new session for `username`. `tokenHash` is the hex SHA-256 of the cookie value. */
  create(username: string, tokenHash: string, at: Date, expiresAt: Date): Promise<WebSessionRecord>;
  /**
   * The session and its user when `tokenHash` names one that has not expired at `now` and was used after
   * `idleSince` (idle timeout); otherwise null. Pure read: {@link touch} records use.
   */
  find(tokenHash: string, now: Date, idleSince: Date): Promise<WebSessionOwner | null>;
  /** Records a use of the session. */
  touch(id: number, at: Date): Promise<void>;
  /** Ends one session (logout); no error when it is gone already. */
  remove(tokenHash: string): Promise<void>;
  /** Ends every session of a user (password or role change); returns how many ended. */
  removeForUser(username: string): Promise<number>;
  /** Deletes sessions past their expiry or idle since before `idleSince`; returns how many. */
  removeExpired(now: Date, idleSince: Date): Promise<number>;
}

/** Binds the web session repository to a session. */
export function createWebSessionRepository(session: Session): WebSessionRepository {
  return {
    create: (username, tokenHash, at, expiresAt) =>
      session.write(async (em) => {
        const user = await em.findOne(UserEntity, { username });
        if (!user) throw new NotFoundError(`user "${username}" does not exist`);
        const row = em.create(WebSessionEntity, { user: user.id, tokenHash, createdAt: at, lastUsedAt: at, expiresAt });
        await em.flush();
        return toRecord(row);
      }),
    find: (tokenHash, now, idleSince) =>
      session.read(async (em) => {
        const row = await em.findOne(WebSessionEntity, { tokenHash, expiresAt: { $gt: now }, lastUsedAt: { $gt: idleSince } });
        if (!row) return null;
        const user = await em.findOne(UserEntity, { id: row.user });
        if (!user) return null;
        return {
          session: toRecord(row),
          user: { id: user.id, username: user.username, role: user.role as UserRole, language: user.language as UserLanguage },
        };
      }),
    touch: async (id, at) => {
      await session.write((em) => em.nativeUpdate(WebSessionEntity, { id }, { lastUsedAt: at }));
    },
    remove: async (tokenHash) => {
      await session.write((em) => em.nativeDelete(WebSessionEntity, { tokenHash }));
    },
    removeForUser: (username) =>
      session.write(async (em) => {
        const user = await em.findOne(UserEntity, { username });
        if (!user) return 0;
        return em.nativeDelete(WebSessionEntity, { user: user.id });
      }),
    removeExpired: (now, idleSince) =>
      session.write((em) =>
        em.nativeDelete(WebSessionEntity, { $or: [{ expiresAt: { $lte: now } }, { lastUsedAt: { $lte: idleSince } }] }),
      ),
  };
}
