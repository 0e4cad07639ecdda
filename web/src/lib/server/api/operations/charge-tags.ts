import { z } from 'zod';
import { exportChargeTagsCsv, type ChargeTagRecord } from '@csms/db';
import { csvFileResponse, wantsCsv } from '../../csv.ts';
import { ApiError } from '../../errors.ts';
import { defineOperation } from '../operation.ts';
import { iso, isoTime, isoTimeOrNull, nonBlankText, timeInput, text } from '../schemas.ts';

const tagId = z.string().regex(/^[\x21-\x7e]{1,36}$/, '1 to 36 printable characters without spaces');
const tagSchema = z.object({
  tagId: z.string(),
  name: z.string(),
  parentTagId: z.string().nullable().describe('the tag group'),
  expiresAt: isoTimeOrNull,
  blocked: z.boolean(),
  tokenType: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
const editable = {
  name: nonBlankText(100),
  parentTagId: tagId.nullable().optional(),
  expiresAt: timeInput.nullable().optional(),
  blocked: z.boolean().optional(),
  tokenType: text(0, 20).nullable().optional(),
};
const tagParam = z.object({ tagId: text(1, 36) });

function view(tag: ChargeTagRecord): z.input<typeof tagSchema> {
  return { ...tag, expiresAt: iso(tag.expiresAt), createdAt: iso(tag.createdAt), updatedAt: iso(tag.updatedAt) };
}

/** `GET /api/v1/charge-tags`. */
export const listChargeTags = defineOperation({
  operationId: 'listChargeTags',
  method: 'GET',
  path: '/api/v1/charge-tags',
  tag: 'charge-tags',
  summary: 'List charge tags (RFID cards, idTokens); also as a CSV file',
  description: 'With `format=csv` (or `Accept: text/csv`) the answer is the file of every tag that `POST /api/v1/imports/charge-tags` takes back.',
  role: 'admin',
  csv: true,
  query: z.object({ format: z.enum(['json', 'csv']).optional() }),
  response: z.object({ items: z.array(tagSchema) }),
  handle: async ({ services, event }) => {
    if (wantsCsv(event.url, event.request.headers.get('accept'))) return csvFileResponse(await exportChargeTagsCsv(services.db), 'charge-tags.csv');
    return { items: (await services.db.chargeTags.list()).map(view) };
  },
});

/** `POST /api/v1/charge-tags`. */
export const createChargeTag = defineOperation({
  operationId: 'createChargeTag',
  method: 'POST',
  path: '/api/v1/charge-tags',
  tag: 'charge-tags',
  summary: 'Add a charge tag',
  role: 'admin',
  status: 201,
  errors: [409],
  body: z.object({ tagId, ...editable }),
  response: tagSchema,
  handle: async ({ body, services }) => {
    const { tagId: id, ...input } = body;
    return view(await services.db.chargeTags.create(id, input));
  },
});

/** `GET /api/v1/charge-tags/{tagId}`. */
export const getChargeTag = defineOperation({
  operationId: 'getChargeTag',
  method: 'GET',
  path: '/api/v1/charge-tags/{tagId}',
  tag: 'charge-tags',
  summary: 'One charge tag',
  role: 'admin',
  errors: [404],
  params: tagParam,
  response: tagSchema,
  handle: async ({ params, services }) => {
    const tag = await services.db.chargeTags.get(params.tagId);
    if (!tag) throw new ApiError(404, 'NotFound', `tag "${params.tagId}" does not exist`);
    return view(tag);
  },
});

/** `PATCH /api/v1/charge-tags/{tagId}`. */
export const updateChargeTag = defineOperation({
  operationId: 'updateChargeTag',
  method: 'PATCH',
  path: '/api/v1/charge-tags/{tagId}',
  tag: 'charge-tags',
  summary: 'Change a charge tag (name, group, expiry, blocked)',
  role: 'admin',
  errors: [404],
  params: tagParam,
  body: z.object(editable).partial(),
  response: tagSchema,
  handle: async ({ params, body, services }) => view(await services.db.chargeTags.update(params.tagId, body)),
});

/** `DELETE /api/v1/charge-tags/{tagId}`. */
export const deleteChargeTag = defineOperation({
  operationId: 'deleteChargeTag',
  method: 'DELETE',
  path: '/api/v1/charge-tags/{tagId}',
  tag: 'charge-tags',
  summary: 'Delete a charge tag',
  role: 'admin',
  errors: [404],
  params: tagParam,
  handle: async ({ params, services }) => {
    await services.db.chargeTags.remove(params.tagId);
  },
});
