import { z } from 'zod';
import { exportChargePointsCsv, hashStationPassword, type ChargePointInput, type ConnectorRecord } from '@csms/db';
import { csvFileResponse, wantsCsv } from '../../csv.ts';
import { revocationReason, revokeStationConnection } from '../../commands/revoke-connection.ts';
import { ApiError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { defineOperation } from '../operation.ts';
import { chargePointIdParam, connectorParams, nonBlankText, PASSWORD_FOR_PROFILE, queryBoolean, text } from '../schemas.ts';
import { chargePointSchema, chargePointView, connectorSchema, connectorView, pricingSchema } from './charge-point-view.ts';

const editable = {
  name: nonBlankText(100),
  comment: text(0, 200).nullable().optional(),
  basicAuthPassword: text(16, 40).nullable().optional().describe('16–40 characters; null removes it; never returned'),
  clientCertThumbprint: text(0, 100).nullable().optional(),
  securityProfile: z.number().int().min(0).max(3).optional(),
  heartbeatInterval: z.number().int().min(10).max(86_400).optional(),
  lenient: z.boolean().optional().describe('log soft schema violations from this station and process the message anyway'),
  pricing: pricingSchema.partial().optional(),
};

async function withConnectors(services: Services, id: string) {
  const cp = await services.db.chargePoints.get(id);
  if (!cp) throw new ApiError(404, 'NotFound', `charge point "${id}" does not exist`);
  return chargePointView(cp, await services.db.connectors.list(id));
}

function toInput(services: Services, id: string, body: Partial<z.output<z.ZodObject<typeof editable>>>): Partial<ChargePointInput> {
  const { basicAuthPassword, ...rest } = body;
  const input: Partial<ChargePointInput> = { ...rest };
  if (basicAuthPassword !== undefined) {
    return { ...input, basicAuthPasswordHash: basicAuthPassword === null ? null : hashStationPassword(services.secretKey, id, basicAuthPassword) };
  }
  return input;
}

/** Refuses a station that could never connect: profiles 1 and 2 authenticate with its Basic-auth password. */
function assertPasswordForProfile(profile: number, hasPassword: boolean): void {
  if ((profile === 1 || profile === 2) && !hasPassword) throw new ApiError(400, 'ValidationFailed', PASSWORD_FOR_PROFILE, { field: 'basicAuthPassword' });
}

/** `GET /api/v1/charge-points`. */
export const listChargePoints = defineOperation({
  operationId: 'listChargePoints',
  method: 'GET',
  path: '/api/v1/charge-points',
  tag: 'charge-points',
  summary: 'List stations with online state, boot data, pricing and connectors; also as a CSV file',
  description:
    'With `format=csv` (or `Accept: text/csv`) the answer is the fleet file of every station (master data and pricing, ' +
    'no passwords) that `POST /api/v1/imports/charge-points` takes back.',
  role: 'user',
  csv: true,
  query: z.object({ format: z.enum(['json', 'csv']).optional() }),
  response: z.object({ items: z.array(chargePointSchema) }),
  handle: async ({ services, event }) => {
    if (wantsCsv(event.url, event.request.headers.get('accept'))) return csvFileResponse(await exportChargePointsCsv(services.db), 'charge-points.csv');
    const [stations, connectors] = await Promise.all([services.db.chargePoints.list(), services.db.connectors.list()]);
    const byStation = new Map<string, ConnectorRecord[]>();
    for (const c of connectors) byStation.set(c.chargePointId, [...(byStation.get(c.chargePointId) ?? []), c]);
    return { items: stations.map((cp) => chargePointView(cp, byStation.get(cp.id) ?? [])) };
  },
});

/** `POST /api/v1/charge-points`. */
export const createChargePoint = defineOperation({
  operationId: 'createChargePoint',
  method: 'POST',
  path: '/api/v1/charge-points',
  tag: 'charge-points',
  summary: 'Add a station',
  description:
    'The Basic-auth user name, when given, must equal the station id (OCPP-J). Security profiles 1 and 2 need a ' +
    '`basicAuthPassword` (400 otherwise); without `securityProfile` a station gets profile 1 with a password, 0 without.',
  role: 'admin',
  status: 201,
  errors: [409],
  body: z.object({
    id: z.string().regex(/^[A-Za-z0-9._~!$&'()*+,;=@-]{1,48}$/, '1 to 48 letters, digits or . _ ~ - (no spaces, slashes or colons)'),
    basicAuthUsername: z.string().optional(),
    ...editable,
  }),
  response: chargePointSchema,
  handle: async ({ body, services }) => {
    const { id, basicAuthUsername, ...rest } = body;
    if (basicAuthUsername !== undefined && basicAuthUsername !== id) {
      throw new ApiError(400, 'ValidationFailed', 'basicAuthUsername: must equal the station id', { field: 'basicAuthUsername' });
    }
    const hasPassword = typeof rest.basicAuthPassword === 'string';
    const securityProfile = rest.securityProfile ?? (hasPassword ? 1 : 0);
    assertPasswordForProfile(securityProfile, hasPassword);
    await services.db.chargePoints.create(id, { ...toInput(services, id, rest), securityProfile, name: rest.name });
    return withConnectors(services, id);
  },
});

/** `GET /api/v1/charge-points/{id}`. */
export const getChargePoint = defineOperation({
  operationId: 'getChargePoint',
  method: 'GET',
  path: '/api/v1/charge-points/{id}',
  tag: 'charge-points',
  summary: 'One station',
  role: 'user',
  errors: [404],
  params: chargePointIdParam,
  response: chargePointSchema,
  handle: ({ params, services }) => withConnectors(services, params.id),
});

/** `PATCH /api/v1/charge-points/{id}`. */
export const updateChargePoint = defineOperation({
  operationId: 'updateChargePoint',
  method: 'PATCH',
  path: '/api/v1/charge-points/{id}',
  tag: 'charge-points',
  summary: 'Change a station’s master data, Basic-auth password or pricing',
  description: 'Security profiles 1 and 2 need a password: a change that would leave such a station without one is 400.',
  role: 'admin',
  errors: [404],
  params: chargePointIdParam,
  body: z.object(editable).partial(),
  response: chargePointSchema,
  handle: async ({ params, body, services }) => {
    const before = await services.db.chargePoints.get(params.id);
    if (before) {
      const hasPassword = body.basicAuthPassword === undefined ? before.basicAuthPasswordHash !== null : body.basicAuthPassword !== null;
      assertPasswordForProfile(body.securityProfile ?? before.securityProfile, hasPassword);
    }
    await services.db.chargePoints.update(params.id, toInput(services, params.id, body));
    const after = await services.db.chargePoints.get(params.id);
    const reason = before && after ? revocationReason(before, after) : null;
    if (before && reason) await revokeStationConnection(services, before, reason);
    return withConnectors(services, params.id);
  },
});

/** `DELETE /api/v1/charge-points/{id}`. */
export const deleteChargePoint = defineOperation({
  operationId: 'deleteChargePoint',
  method: 'DELETE',
  path: '/api/v1/charge-points/{id}',
  tag: 'charge-points',
  summary: 'Remove a station (history kept; `purge=true` deletes its transactions and log too)',
  role: 'admin',
  errors: [404],
  params: chargePointIdParam,
  query: z.object({ purge: queryBoolean.optional() }),
  handle: async ({ params, query, services }) => {
    const before = await services.db.chargePoints.get(params.id);
    await services.db.chargePoints.remove(params.id, { purge: query.purge ?? false });
    if (before) await revokeStationConnection(services, before, 'station deleted');
  },
});

/** `PATCH /api/v1/charge-points/{id}/connectors/{n}`. */
export const updateConnector = defineOperation({
  operationId: 'updateConnector',
  method: 'PATCH',
  path: '/api/v1/charge-points/{id}/connectors/{n}',
  tag: 'charge-points',
  summary: 'Rename a connector (null or "" clears the name)',
  role: 'admin',
  errors: [404],
  params: connectorParams,
  body: z.object({ name: text(0, 100).nullable() }),
  response: connectorSchema,
  handle: async ({ params, body, services }) =>
    connectorView(await services.db.connectors.rename({ chargePointId: params.id, evseId: params.n }, body.name)),
});
