import { z } from 'zod';
import type { ApiTokenRecord } from '@csms/db';
import type { Services } from '../../services.ts';
import { defineOperation } from '../operation.ts';
import { ApiError } from '../../errors.ts';
import { iso, isoTime, isoTimeOrNull, nonBlankText, text, timeInput } from '../schemas.ts';

const tokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  username: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTimeOrNull,
  expiresAt: isoTimeOrNull.describe('after this the token is refused (401); null: valid until revoked'),
});

function view(token: ApiTokenRecord, names: Map<number, string>): z.input<typeof tokenSchema> {
  return { id: token.id, name: token.name, username: names.get(token.userId) ?? '', createdAt: iso(token.createdAt), lastUsedAt: iso(token.lastUsedAt), expiresAt: iso(token.expiresAt) };
}

async function userNames(services: Services): Promise<Map<number, string>> {
  return new Map((await services.db.users.list()).map((user) => [user.id, user.username]));
}

/** `GET /api/v1/tokens`. */
export const listTokens = defineOperation({
  operationId: 'listTokens',
  method: 'GET',
  path: '/api/v1/tokens',
  tag: 'tokens',
  summary: 'List API tokens (never the tokens themselves)',
  role: 'admin',
  query: z.object({ username: text(1, 100).optional() }),
  response: z.object({ items: z.array(tokenSchema) }),
  handle: async ({ query, services }) => {
    const names = await userNames(services);
    return { items: (await services.db.apiTokens.list(query.username)).map((token) => view(token, names)) };
  },
});

/** `POST /api/v1/tokens`: the token is in this response only. */
export const createToken = defineOperation({
  operationId: 'createToken',
  method: 'POST',
  path: '/api/v1/tokens',
  tag: 'tokens',
  summary: 'Create an API token (shown once, in this response)',
  description: 'The token acts with the role of its owner (`username`, default: the caller), until revoked or until `expiresAt`.',
  role: 'admin',
  status: 201,
  errors: [400, 404],
  body: z.object({
    name: nonBlankText(100),
    username: text(1, 100).optional(),
    expiresAt: timeInput
      .optional()
      .describe('optional: a time in the future after which the token is refused (400 when not in the future); omitted: valid until revoked'),
  }),
  response: tokenSchema.extend({ token: z.string().describe('send as "Authorization: Bearer <token>"; not retrievable later') }),
  handle: async ({ body, principal, services }) => {
    // "in the future" is a rule no JSON Schema can state: the document says it in words
    if (body.expiresAt && body.expiresAt.getTime() <= Date.now()) throw new ApiError(400, 'ValidationFailed', 'expiresAt: must be in the future', { field: 'expiresAt' });
    const { token, record } = await services.db.apiTokens.create(body.username ?? principal!.username, body.name, { expiresAt: body.expiresAt ?? null });
    services.log.info({ tokenId: record.id, by: principal!.username }, 'API token created');
    return { ...view(record, await userNames(services)), token };
  },
});

/** `DELETE /api/v1/tokens/{tokenId}`. */
export const revokeToken = defineOperation({
  operationId: 'revokeToken',
  method: 'DELETE',
  path: '/api/v1/tokens/{tokenId}',
  tag: 'tokens',
  summary: 'Revoke an API token',
  role: 'admin',
  errors: [404],
  params: z.object({ tokenId: z.coerce.number().int().positive() }),
  handle: async ({ params, principal, services }) => {
    await services.db.apiTokens.revoke(params.tokenId);
    services.log.info({ tokenId: params.tokenId, by: principal!.username }, 'API token revoked');
  },
});
