import { z } from 'zod';
import { localListDiff, type LocalListState } from '@csms/db';
import { runCommand } from '../../commands/run-command.ts';
import { ApiError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { defineOperation } from '../operation.ts';
import { chargePointIdParam, COMMAND_ERRORS, iso, isoTimeOrNull, text } from '../schemas.ts';

const COMMAND_DESCRIPTION =
  'Runs the `chargePointCommand` workflow (OCPP 1.6 only; a 2.x station answers 400 NotSupported). 409 ChargePointOffline; ' +
  '504 ChargePointTimeout; 502 ChargePointError / ChargePointInvalidResponse / ConnectionLost; 503 TemporalUnavailable.';
const station = '/api/v1/charge-points/{id}';
const tagId = z.string().regex(/^[\x21-\x7e]{1,36}$/, '1 to 36 printable characters without spaces');

const entrySchema = z.object({
  idTag: z.string(),
  idTagInfo: z.object({ status: z.string(), expiryDate: z.string().optional(), parentIdTag: z.string().optional() }).optional().describe('absent: the entry removes the tag'),
});

const listSchema = z.object({
  tags: z.array(z.string()).describe('the tags on this station’s local list'),
  desired: z.array(entrySchema).describe('what the station should hold now: its tags with their current idTagInfo'),
  heldVersion: z.number().int().describe('the version the station holds after its last Accepted update (0: none)'),
  held: z.array(entrySchema).describe('the entries the station holds according to the updates it accepted'),
  pendingChanges: z.array(entrySchema).describe('the differential update that would bring the station up to date'),
  stale: z.boolean().describe('true when the station’s list differs from what it should hold, or it reported another version'),
  lastUpdate: z
    .object({ listVersion: z.number().int(), updateType: z.string().nullable(), status: z.string().nullable(), at: isoTimeOrNull })
    .nullable()
    .describe('the last SendLocalList and the station’s answer (Accepted, Failed, NotSupported, VersionMismatch)'),
  reported: z
    .object({ listVersion: z.number().int(), at: isoTimeOrNull })
    .nullable()
    .describe('the version the station last reported (GetLocalListVersion; -1: no local list support)'),
});

async function view(services: Services, chargePointId: string, known?: LocalListState): Promise<z.input<typeof listSchema>> {
  const now = new Date();
  const [tags, desired, state] = await Promise.all([
    services.db.localLists.tags(chargePointId),
    services.db.localLists.desired(chargePointId, now),
    known ?? services.db.localLists.state(chargePointId),
  ]);
  const pendingChanges = localListDiff(state.heldEntries, desired);
  const reportedOther = state.reportedVersion !== null && state.reportedAt !== null && (state.lastSentAt === null || state.reportedAt >= state.lastSentAt)
    ? state.reportedVersion !== state.heldVersion
    : false;
  return {
    tags,
    desired,
    heldVersion: state.heldVersion,
    held: [...state.heldEntries],
    pendingChanges,
    stale: pendingChanges.length > 0 || reportedOther,
    lastUpdate: state.lastSentVersion > 0 ? { listVersion: state.lastSentVersion, updateType: state.lastUpdateType, status: state.lastStatus, at: iso(state.lastSentAt) } : null,
    reported: state.reportedVersion === null ? null : { listVersion: state.reportedVersion, at: iso(state.reportedAt) },
  };
}

async function assertStation(services: Services, id: string): Promise<void> {
  if (!(await services.db.chargePoints.get(id))) throw new ApiError(404, 'NotFound', `charge point ${id} does not exist`);
}

/** `GET …/local-list`: the station's local authorization list, what it holds and whether it is out of date. */
export const getLocalList = defineOperation({
  operationId: 'getLocalList',
  method: 'GET',
  path: `${station}/local-list`,
  tag: 'local-list',
  summary: 'The station’s local authorization list: its tags, what the station holds, pending changes',
  role: 'admin',
  errors: [404],
  params: chargePointIdParam,
  response: listSchema,
  handle: async ({ params, services }) => {
    await assertStation(services, params.id);
    return view(services, params.id);
  },
});

/** `PUT …/local-list/tags`: replaces the tags on the station's list (sent with the next update). */
export const setLocalListTags = defineOperation({
  operationId: 'setLocalListTags',
  method: 'PUT',
  path: `${station}/local-list/tags`,
  tag: 'local-list',
  summary: 'Choose the tags on the station’s local authorization list (takes effect with the next SendLocalList)',
  role: 'admin',
  errors: [404],
  params: chargePointIdParam,
  body: z.object({ tagIds: z.array(tagId).max(1_000) }),
  response: listSchema,
  handle: async ({ params, body, services }) => {
    await services.db.localLists.setTags(params.id, body.tagIds);
    return view(services, params.id);
  },
});

/** `POST /charge-tags/{tagId}/local-lists`: puts a tag on the lists of a group of stations. */
export const addTagToLocalLists = defineOperation({
  operationId: 'addTagToLocalLists',
  method: 'POST',
  path: '/api/v1/charge-tags/{tagId}/local-lists',
  tag: 'local-list',
  summary: 'Put a tag on the local authorization lists of several stations',
  role: 'admin',
  errors: [404],
  params: z.object({ tagId }),
  body: z.object({ chargePointIds: z.array(text(1, 48)).min(1).max(1_000) }),
  response: z.object({ tagId: z.string(), chargePointIds: z.array(z.string()) }),
  handle: async ({ params, body, services }) => {
    await services.db.localLists.addTagToStations(params.tagId, body.chargePointIds);
    return { tagId: params.tagId, chargePointIds: [...new Set(body.chargePointIds)] };
  },
});

/**
 * `POST …/local-list`: SendLocalList. The version is the highest sent, held or reported + 1; Full carries every tag
 * of the list with its idTagInfo, Differential the changes since the list the station holds. The answer is stored.
 */
export const sendLocalList = defineOperation({
  operationId: 'sendLocalList',
  method: 'POST',
  path: `${station}/local-list`,
  tag: 'local-list',
  summary: 'Send the station its local authorization list (SendLocalList, Full or Differential)',
  description: `${COMMAND_DESCRIPTION} \`status\` is the station’s answer: Accepted, Failed, NotSupported or VersionMismatch.`,
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: chargePointIdParam,
  body: z.object({ updateType: z.enum(['Full', 'Differential']).default('Differential') }),
  response: z.object({
    status: z.string().describe('Accepted, Failed, NotSupported or VersionMismatch'),
    listVersion: z.number().int(),
    updateType: z.enum(['Full', 'Differential']),
    entries: z.number().int().describe('how many entries the update carried'),
    list: listSchema,
  }),
  handle: async ({ params, body, principal, services }) => {
    await assertStation(services, params.id);
    const update = await services.db.localLists.plan(params.id, body.updateType, new Date());
    const command = { type: 'sendLocalList', listVersion: update.listVersion, updateType: update.updateType, entries: update.entries } as const;
    const result = await runCommand(services, params.id, command, principal!.username);
    const state = await services.db.localLists.recordAnswer(params.id, update, result.status, new Date());
    return { status: result.status, listVersion: update.listVersion, updateType: update.updateType, entries: update.entries.length, list: await view(services, params.id, state) };
  },
});

/** `GET …/local-list/version`: GetLocalListVersion; the answer is stored (-1: the station has no local list). */
export const getLocalListVersion = defineOperation({
  operationId: 'getLocalListVersion',
  method: 'GET',
  path: `${station}/local-list/version`,
  tag: 'local-list',
  summary: 'Ask the station which local list version it holds (GetLocalListVersion)',
  description: COMMAND_DESCRIPTION,
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: chargePointIdParam,
  response: z.object({
    listVersion: z.number().int().describe('0: empty list; -1: the station does not support local lists'),
    supported: z.boolean(),
    list: listSchema,
  }),
  handle: async ({ params, principal, services }) => {
    await assertStation(services, params.id);
    const result = await runCommand(services, params.id, { type: 'getLocalListVersion' }, principal!.username);
    const listVersion = result.listVersion ?? -1;
    const state = await services.db.localLists.recordReportedVersion(params.id, listVersion, new Date());
    return { listVersion, supported: listVersion >= 0, list: await view(services, params.id, state) };
  },
});
