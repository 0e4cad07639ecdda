import type { InferEntity } from '@mikro-orm/core';
import { UserEntity } from '../entities/user.entity.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Session } from '../orm/session.ts';
import { generatePassword, hashUserPassword, userPasswordNeedsRehash, verifyUserPassword } from '../secrets/user-password.ts';
import { isUniqueViolation } from './support.ts';
import { pageOf, type ListPage, type ListQuery, type ListSpec } from './list-query.ts';

/** `admin` manages master data and users; `user` sees and operates. */
export type UserRole = 'admin' | 'user';

/** The UI languages. */
export type UserLanguage = 'en' | 'de';

/** A user as plain data, without the password hash. */
export interface UserRecord {
  readonly id: number;
  readonly username: string;
  readonly role: UserRole;
  readonly language: UserLanguage;
  readonly lastLoginAt: Date | null;
  readonly createdAt: Date;
}

const USERNAME = /^[A-Za-z0-9._@-]{1,100}$/;
/** The shortest password a person may choose. */
export const USER_PASSWORD_MIN_LENGTH = 8;

/** The sort keys of the user list. */
export const USER_SORTS = ['username', 'role', 'lastLogin'] as const;
/** A sort key of the user list. */
export type UserSort = (typeof USER_SORTS)[number];

const USER_LIST: ListSpec<UserSort> = {
  search: ['username', 'role'],
  sorts: { username: { column: 'username', natural: true }, role: { column: 'role' }, lastLogin: { column: 'last_login_at' } },
  tieBreak: 'id',
};

function toRecord(row: InferEntity<typeof UserEntity>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    role: row.role as UserRole,
    language: row.language as UserLanguage,
    lastLoginAt: row.lastLoginAt ?? null,
    createdAt: row.createdAt,
  };
}

/** Throws {@link InvalidInputError} unless `role` is `admin` or `user`. */
export function assertUserRole(role: string): asserts role is UserRole {
  if (role !== 'admin' && role !== 'user') throw new InvalidInputError(`unknown role "${role}": use admin or user`);
}

function assertPassword(password: string): void {
  if (password.length < USER_PASSWORD_MIN_LENGTH) {
    throw new InvalidInputError(`a password must have at least ${USER_PASSWORD_MIN_LENGTH} characters`);
  }
}

/** People who sign in to the management UI. */
export interface UserRepository {
  create(user: { username: string; password: string; role: UserRole; language?: UserLanguage }): Promise<UserRecord>;
  get(username: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  /** One page of the users, searched in user name and role; names sort naturally. */
  page(query: ListQuery<UserSort>): Promise<ListPage<UserRecord>>;
  /** Deletes the user; `ConflictError` for the last admin (safe under concurrent calls). */
  remove(username: string): Promise<void>;
  setPassword(username: string, password: string): Promise<void>;
  /** Changes role or language; demoting the last admin is a `ConflictError` (safe under concurrent calls). */
  update(username: string, patch: { role?: UserRole; language?: UserLanguage }): Promise<UserRecord>;
  /** The user when the password matches (and records the login), else null. */
  verifyLogin(username: string, password: string, at: Date): Promise<UserRecord | null>;
  /** How many users have the admin role. */
  countAdmins(): Promise<number>;
}

/**
 * Refuses to take the admin role from `username` (demotion or removal) when it is the last admin. Runs inside the
 * write transaction: SQLite write transactions are serialised (BEGIN IMMEDIATE); on PostgreSQL the admins' rows are
 * locked first, so of two parallel demotions of the last two admins the second waits, then counts one and is refused.
 */
async function assertKeepsAnAdmin(session: Session, em: SqlEntityManager, username: string): Promise<void> {
  const admins: string[] = session.dialect === 'postgresql'
    ? (await em.execute<{ username: string }[]>("SELECT username FROM app_user WHERE role = 'admin' FOR UPDATE")).map((r) => r.username)
    : (await em.find(UserEntity, { role: 'admin' }, { fields: ['username'] })).map((r) => r.username);
  if (admins.includes(username) && admins.length <= 1) throw new ConflictError('the last admin cannot be removed or demoted');
}

let dummyHash: Promise<string> | undefined;
/** A real hash of a random password, made once, that an unknown user's login is checked against. */
function unknownUserHash(): Promise<string> {
  dummyHash ??= hashUserPassword(generatePassword());
  return dummyHash;
}

/** Binds the user repository to a session. */
export function createUserRepository(session: Session): UserRepository {
  return {
    create: async (user) => {
      if (!USERNAME.test(user.username)) {
        throw new InvalidInputError('a user name must have 1 to 100 letters, digits or . _ @ -');
      }
      assertUserRole(user.role);
      assertPassword(user.password);
      const passwordHash = await hashUserPassword(user.password);
      try {
        return await session.write(async (em) => {
          const now = new Date();
          const row = em.create(UserEntity, {
            username: user.username,
            passwordHash,
            role: user.role,
            language: user.language ?? 'en',
            createdAt: now,
            updatedAt: now,
          });
          await em.flush();
          return toRecord(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`user "${user.username}" exists already`, { cause: error });
        throw error;
      }
    },
    get: (username) =>
      session.read(async (em) => {
        const row = await em.findOne(UserEntity, { username });
        return row ? toRecord(row) : null;
      }),
    list: () => session.read(async (em) => (await em.find(UserEntity, {}, { orderBy: { username: 'asc' } })).map(toRecord)),
    page: (query) =>
      session.read(async (em) => {
        const page = await pageOf(em, UserEntity, {}, USER_LIST, query);
        return { rows: page.rows.map(toRecord), total: page.total };
      }),
    remove: (username) =>
      session.write(async (em) => {
        await assertKeepsAnAdmin(session, em, username);
        const count = await em.nativeDelete(UserEntity, { username });
        if (count === 0) throw new NotFoundError(`user "${username}" does not exist`);
      }),
    setPassword: async (username, password) => {
      assertPassword(password);
      const passwordHash = await hashUserPassword(password);
      await session.write(async (em) => {
        const count = await em.nativeUpdate(UserEntity, { username }, { passwordHash, updatedAt: new Date() });
        if (count === 0) throw new NotFoundError(`user "${username}" does not exist`);
      });
    },
    update: async (username, patch) => {
      if (patch.role !== undefined) assertUserRole(patch.role);
      return session.write(async (em) => {
        if (patch.role === 'user') await assertKeepsAnAdmin(session, em, username);
        const row = await em.findOne(UserEntity, { username });
        if (!row) throw new NotFoundError(`user "${username}" does not exist`);
        if (patch.role !== undefined) row.role = patch.role;
        if (patch.language !== undefined) row.language = patch.language;
        row.updatedAt = new Date();
        await em.flush();
        return toRecord(row);
      });
    },
    verifyLogin: async (username, password, at) => {
      const row = await session.read((em) => em.findOne(UserEntity, { username }));
      // An unknown name costs one scrypt too, so the answer's timing does not tell which user names exist.
      const ok = await verifyUserPassword(password, row?.passwordHash ?? (await unknownUserHash()));
      if (!row || !ok) return null;
      // an old hash (weaker parameters) is replaced now that the password is known; only if it is still the stored
      // one, so a password change made meanwhile wins
      const rehashed = userPasswordNeedsRehash(row.passwordHash) ? await hashUserPassword(password) : null;
      await session.write(async (em) => {
        await em.nativeUpdate(UserEntity, { id: row.id }, { lastLoginAt: at });
        if (rehashed) await em.nativeUpdate(UserEntity, { id: row.id, passwordHash: row.passwordHash }, { passwordHash: rehashed });
      });
      return { ...toRecord(row), lastLoginAt: at };
    },
    countAdmins: () => session.read((em) => em.count(UserEntity, { role: 'admin' })),
  };
}
