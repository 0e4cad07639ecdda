import { z } from 'zod';
import type { UserRecord } from '@csms/db';
import { ApiError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { defineOperation } from '../operation.ts';
import { iso, isoTime, isoTimeOrNull, text } from '../schemas.ts';

const role = z.enum(['admin', 'user']);
const language = z.enum(['en', 'de']);
const userSchema = z.object({ username: z.string(), role, language, lastLoginAt: isoTimeOrNull, createdAt: isoTime });
const usernameParam = z.object({ username: text(1, 100) });

function view(user: UserRecord): z.input<typeof userSchema> {
  return { username: user.username, role: user.role, language: user.language, lastLoginAt: iso(user.lastLoginAt), createdAt: iso(user.createdAt) };
}

/** `GET /api/v1/users`. */
export const listUsers = defineOperation({
  operationId: 'listUsers',
  method: 'GET',
  path: '/api/v1/users',
  tag: 'users',
  summary: 'List users (never their passwords)',
  role: 'admin',
  response: z.object({ items: z.array(userSchema) }),
  handle: async ({ services }) => ({ items: (await services.db.users.list()).map(view) }),
});

/** `POST /api/v1/users`. */
export const createUser = defineOperation({
  operationId: 'createUser',
  method: 'POST',
  path: '/api/v1/users',
  tag: 'users',
  summary: 'Create a user',
  role: 'admin',
  status: 201,
  errors: [409],
  body: z.object({
    username: z.string().regex(/^[A-Za-z0-9._@-]{1,100}$/, '1 to 100 letters, digits or . _ @ -'),
    password: text(8, 1000),
    role,
    language: language.optional(),
  }),
  response: userSchema,
  handle: async ({ body, services }) => view(await services.db.users.create(body)),
});

/** `GET /api/v1/users/{username}`. */
export const getUser = defineOperation({
  operationId: 'getUser',
  method: 'GET',
  path: '/api/v1/users/{username}',
  tag: 'users',
  summary: 'One user',
  role: 'admin',
  errors: [404],
  params: usernameParam,
  response: userSchema,
  handle: async ({ params, services }) => {
    const user = await services.db.users.get(params.username);
    if (!user) throw new ApiError(404, 'NotFound', `user "${params.username}" does not exist`);
    return view(user);
  },
});

async function assertKeepsAnAdmin(services: Services, username: string): Promise<void> {
  const user = await services.db.users.get(username);
  if (user?.role === 'admin' && (await services.db.users.countAdmins()) <= 1) {
    throw new ApiError(409, 'Conflict', 'the last admin cannot be removed or demoted');
  }
}

/** `PATCH /api/v1/users/{username}`: role, language, password (a new password or role ends the user's sessions). */
export const updateUser = defineOperation({
  operationId: 'updateUser',
  method: 'PATCH',
  path: '/api/v1/users/{username}',
  tag: 'users',
  summary: 'Change role, language or password (ends the user’s browser sessions when role or password change)',
  role: 'admin',
  errors: [404, 409],
  params: usernameParam,
  body: z.object({ role: role.optional(), language: language.optional(), password: text(8, 1000).optional() }),
  response: userSchema,
  handle: async ({ params, body, services }) => {
    const { users, webSessions } = services.db;
    if (!(await users.get(params.username))) throw new ApiError(404, 'NotFound', `user "${params.username}" does not exist`);
    if (body.role === 'user') await assertKeepsAnAdmin(services, params.username);
    // the repository checks the last-admin rule again inside its transaction (parallel demotions); role first, so a
    // refused demotion leaves the password alone
    const user = await users.update(params.username, { role: body.role, language: body.language });
    if (body.password !== undefined) await users.setPassword(params.username, body.password);
    if (body.password !== undefined || body.role !== undefined) await webSessions.removeForUser(params.username);
    return view(user);
  },
});

/** `DELETE /api/v1/users/{username}`: removes the user with its tokens and sessions. */
export const deleteUser = defineOperation({
  operationId: 'deleteUser',
  method: 'DELETE',
  path: '/api/v1/users/{username}',
  tag: 'users',
  summary: 'Delete a user (its tokens and sessions end with it)',
  role: 'admin',
  errors: [404, 409],
  params: usernameParam,
  handle: async ({ params, services }) => {
    await assertKeepsAnAdmin(services, params.username);
    await services.db.users.remove(params.username);
  },
});
