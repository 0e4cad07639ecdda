import { z } from 'zod';
import { CHARGING_PROFILE_PURPOSES, CHARGING_RATE_UNITS } from '@csms/temporal';
import { runCommand } from '../../commands/run-command.ts';
import { ApiError } from '../../errors.ts';
import { setChargingProfileSchema } from '../../smart-charging/charging-profile-schema.ts';
import { clearChargingProfiles, clearStoredProfile, setChargingProfile } from '../../smart-charging/profile-commands.ts';
import { defineOperation } from '../operation.ts';
import { chargePointIdParam, COMMAND_ERRORS, commandStatusSchema } from '../schemas.ts';
import { chargingProfileView, toProfileView } from './charging-profile-view.ts';

const PROFILE_COMMAND_ERRORS = [400, ...COMMAND_ERRORS] as const;
const DESCRIPTION =
  'Runs the `chargePointCommand` workflow (OCPP 1.6 smart charging). 200 with the station’s status; 400 for a ' +
  'profile that breaks the 1.6 rules (the field is named); 409 ChargePointOffline; 504 ChargePointTimeout; 502 ' +
  'ChargePointError; 404 unknown station; 503 TemporalUnavailable.';

const station = '/api/v1/charge-points/{id}';
const clearedResponse = commandStatusSchema.extend({
  cleared: z.array(chargingProfileView).describe('the stored profiles the clear removed (the station may have held others the system did not make)'),
});

/** `GET …/charging-profiles`: the profiles the system sent to the station, newest first. */
export const listChargingProfiles = defineOperation({
  operationId: 'listChargingProfiles',
  method: 'GET',
  path: `${station}/charging-profiles`,
  tag: 'smart-charging',
  summary: 'The charging profiles the system sent to the station, newest first',
  role: 'user',
  errors: [404],
  params: chargePointIdParam,
  query: z.object({ inForce: z.enum(['true', 'false']).optional().describe('true: only those Sent or Accepted') }),
  response: z.object({ profiles: z.array(chargingProfileView) }),
  handle: async ({ params, query, services }) => {
    if (!(await services.db.chargePoints.get(params.id))) {
      throw new ApiError(404, 'NotFound', `charge point "${params.id}" does not exist`);
    }
    const profiles = await services.db.chargingProfiles.list(params.id, { inForce: query.inForce === 'true' });
    return { profiles: profiles.map(toProfileView) };
  },
});

/** `POST …/charging-profiles`: SetChargingProfile of a new profile, its id allocated by the system. */
export const createChargingProfile = defineOperation({
  operationId: 'setChargingProfile',
  method: 'POST',
  path: `${station}/charging-profiles`,
  tag: 'smart-charging',
  summary: 'Send a charging profile (SetChargingProfile); the system allocates its chargingProfileId and stores it with the answer',
  description: DESCRIPTION,
  role: 'admin',
  errors: PROFILE_COMMAND_ERRORS,
  params: chargePointIdParam,
  body: setChargingProfileSchema,
  response: commandStatusSchema.extend({ profile: chargingProfileView }),
  handle: async ({ params, body, principal, services }) => {
    const { status, profile } = await setChargingProfile(services, params.id, body, principal!.username);
    return { status, profile: toProfileView(profile) };
  },
});

/** `DELETE …/charging-profiles/{profileId}`: ClearChargingProfile of one profile the system made. */
export const deleteChargingProfile = defineOperation({
  operationId: 'clearChargingProfile',
  method: 'DELETE',
  path: `${station}/charging-profiles/{profileId}`,
  tag: 'smart-charging',
  summary: 'Clear one profile the system sent (ClearChargingProfile by id); 404 when the system holds no such profile in force',
  description: DESCRIPTION,
  role: 'admin',
  errors: PROFILE_COMMAND_ERRORS,
  params: chargePointIdParam.extend({ profileId: z.coerce.number().int().min(1).max(2_147_483_647) }),
  response: clearedResponse,
  handle: async ({ params, principal, services }) => {
    const { status, cleared } = await clearStoredProfile(services, params.id, params.profileId, principal!.username);
    return { status, cleared: cleared.map(toProfileView) };
  },
});

/** `POST …/charging-profiles/clear`: ClearChargingProfile by criteria (none: every profile of the station). */
export const clearChargingProfilesByCriteria = defineOperation({
  operationId: 'clearChargingProfiles',
  method: 'POST',
  path: `${station}/charging-profiles/clear`,
  tag: 'smart-charging',
  summary:
    'ClearChargingProfile by id, or by any of connectorId, chargingProfilePurpose and stackLevel; an empty body clears ' +
    'every profile on the station, those the system did not make included',
  description: DESCRIPTION,
  role: 'admin',
  errors: PROFILE_COMMAND_ERRORS,
  params: chargePointIdParam,
  body: z
    .object({
      id: z.number().int().min(1).max(2_147_483_647).optional(),
      connectorId: z.number().int().min(0).max(1000).optional(),
      chargingProfilePurpose: z.enum(CHARGING_PROFILE_PURPOSES).optional(),
      stackLevel: z.number().int().min(0).max(100).optional(),
    })
    .strict()
    .default({}),
  response: clearedResponse,
  handle: async ({ params, body, principal, services }) => {
    const { status, cleared } = await clearChargingProfiles(services, params.id, body, principal!.username);
    return { status, cleared: cleared.map(toProfileView) };
  },
});

/** `POST …/composite-schedule`: GetCompositeSchedule, the station's answer shown. */
export const getCompositeSchedule = defineOperation({
  operationId: 'getCompositeSchedule',
  method: 'POST',
  path: `${station}/composite-schedule`,
  tag: 'smart-charging',
  summary: 'Ask the station for its composite schedule of a connector (0: the whole station) for the next `duration` seconds',
  description: DESCRIPTION,
  role: 'admin',
  errors: PROFILE_COMMAND_ERRORS,
  params: chargePointIdParam,
  body: z.object({
    connectorId: z.number().int().min(0).max(1000),
    duration: z.number().int().min(1).max(604_800).describe('seconds'),
    chargingRateUnit: z.enum(CHARGING_RATE_UNITS).optional(),
  }),
  response: commandStatusSchema.extend({
    connectorId: z.number().int().optional(),
    scheduleStart: z.string().optional(),
    chargingSchedule: z.record(z.string(), z.unknown()).optional().describe('the OCPP 1.6 chargingSchedule the station answered'),
  }),
  handle: async ({ params, body, principal, services }) => {
    const command = { type: 'getCompositeSchedule', connectorId: body.connectorId, duration: body.duration, ...(body.chargingRateUnit ? { chargingRateUnit: body.chargingRateUnit } : {}) } as const;
    const result = await runCommand(services, params.id, command, principal!.username);
    const schedule = result.compositeSchedule;
    return {
      status: result.status,
      ...(schedule?.connectorId === undefined ? {} : { connectorId: schedule.connectorId }),
      ...(schedule?.scheduleStart === undefined ? {} : { scheduleStart: schedule.scheduleStart }),
      ...(schedule?.chargingSchedule === undefined ? {} : { chargingSchedule: schedule.chargingSchedule as unknown as Record<string, unknown> }),
    };
  },
});
