import { z } from 'zod';
import {
  TRIGGER_MESSAGES,
  WEB_PAYMENTS_TOTP_DIGITS,
  WEB_PAYMENTS_VALIDITY_SECONDS,
  webPaymentsUrlTemplate,
  type ChargePointCommand,
} from '@csms/temporal';
import { ApiError } from '../../errors.ts';
import { runCommand } from '../../commands/run-command.ts';
import type { Services } from '../../services.ts';
import { remoteStartProfileSchema, type RemoteStartProfileBody } from '../../smart-charging/charging-profile-schema.ts';
import { clearChargingLimit as clearLimit, remoteStartWithProfile, setChargingLimit as setLimit } from '../../smart-charging/profile-commands.ts';
import { defineOperation, type HttpMethod } from '../operation.ts';
import { chargePointIdParam, COMMAND_ERRORS, commandStatusSchema, connectorParams, text } from '../schemas.ts';

const DESCRIPTION =
  'Runs the `chargePointCommand` workflow. 200 `{status}` with the station’s OCPP status; 409 ChargePointOffline; ' +
  '504 ChargePointTimeout; 502 ChargePointError (`ocppErrorCode` is the CALLERROR code), ChargePointInvalidResponse ' +
  'or ConnectionLost; 404 unknown station or connector; 400 for a command the station cannot take ' +
  '(e.g. `NoOpenTransaction`, `TagNotAccepted`); 503 TemporalUnavailable.';

/** A remote start's connector: OCPP 1.6 forbids connector 0 in RemoteStartTransaction (issue 16). */
const startConnector = z.coerce
  .number()
  .int()
  .min(1, 'connector 0 is the whole station; a remote start needs connector 1 or more (or none: the station picks)')
  .max(1000);
const startParams = connectorParams.extend({ n: startConnector });
const idTag = z.string().regex(/^[\x21-\x7e]{1,36}$/, '1 to 36 printable characters without spaces');

type Params = typeof chargePointIdParam | typeof connectorParams | typeof startParams;

function command<P extends Params, B extends z.ZodType>(spec: {
  operationId: string;
  method: HttpMethod;
  path: string;
  summary: string;
  params: P;
  body?: B;
  toCommand: (params: z.output<P>, body: z.output<B>) => ChargePointCommand;
}) {
  return defineOperation({
    operationId: spec.operationId,
    method: spec.method,
    path: spec.path,
    tag: 'commands',
    summary: spec.summary,
    description: DESCRIPTION,
    role: 'admin',
    errors: COMMAND_ERRORS,
    params: spec.params,
    body: spec.body,
    response: commandStatusSchema,
    handle: async ({ params, body, principal, services }) => {
      const result = await runCommand(services, params.id, spec.toCommand(params, body as z.output<B>), principal!.username);
      return { status: result.status };
    },
  });
}

const station = '/api/v1/charge-points/{id}';
const connector = `${station}/connectors/{n}`;

/** `POST …/reset`. */
export const resetChargePoint = command({
  operationId: 'resetChargePoint', method: 'POST', path: `${station}/reset`, params: chargePointIdParam,
  summary: 'Reset the station (Soft → 2.x OnIdle, Hard → Immediate)',
  body: z.object({ type: z.enum(['Soft', 'Hard']).default('Soft') }),
  toCommand: (_, body) => ({ type: 'reset', resetType: body.type }),
});

/** `POST …/availability`. */
export const changeAvailability = command({
  operationId: 'changeAvailability', method: 'POST', path: `${station}/availability`, params: chargePointIdParam,
  summary: 'Make the station (connectorId 0 or absent) or one connector Operative or Inoperative',
  body: z.object({ connectorId: z.number().int().min(0).default(0), type: z.enum(['Operative', 'Inoperative']) }),
  toCommand: (_, body) => ({ type: 'changeAvailability', connectorId: body.connectorId, availability: body.type }),
});

/** `PUT …/configuration`. */
export const changeConfiguration = command({
  operationId: 'changeConfiguration', method: 'PUT', path: `${station}/configuration`, params: chargePointIdParam,
  summary: 'Change one configuration key (1.6 ChangeConfiguration / 2.x SetVariables with Component.Variable)',
  body: z.object({ key: text(1, 100), value: text(0, 1000) }),
  toCommand: (_, body) => ({ type: 'changeConfiguration', key: body.key, value: body.value }),
});

/** `POST …/trigger`. */
export const triggerMessage = command({
  operationId: 'triggerMessage', method: 'POST', path: `${station}/trigger`, params: chargePointIdParam,
  summary: 'Ask the station to send a message now (TriggerMessage)',
  body: z.object({ message: z.enum(TRIGGER_MESSAGES), connectorId: z.number().int().min(0).optional() }),
  toCommand: (_, body) => ({ type: 'triggerMessage', message: body.message, connectorId: body.connectorId }),
});

/** `POST …/clear-cache`. */
export const clearCache = command({
  operationId: 'clearCache', method: 'POST', path: `${station}/clear-cache`, params: chargePointIdParam,
  summary: 'Clear the station’s authorization cache',
  toCommand: () => ({ type: 'clearCache' }),
});

/**
 * `POST …/data-transfer`: a vendor-specific DataTransfer to the station. `data` goes to a 2.x station as is (any
 * JSON); a 1.6 station takes a string, so anything else is sent as its JSON text. The answer carries the station's
 * status (`Accepted`, `Rejected`, `UnknownMessageId`, `UnknownVendorId`) and its `data`, if any.
 */
export const dataTransfer = defineOperation({
  operationId: 'dataTransfer',
  method: 'POST',
  path: `${station}/data-transfer`,
  tag: 'commands',
  summary: 'Send a vendor-specific DataTransfer to the station (1.6 data: a string; 2.x: any JSON)',
  description: DESCRIPTION,
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: chargePointIdParam,
  body: z.object({
    vendorId: text(1, 255).describe('the vendor the message is for (OCPP: CiString255)'),
    messageId: text(1, 50).optional().describe('the vendor’s message name (OCPP: CiString50)'),
    // any JSON (the body is JSON); z.unknown rather than z.json, whose recursive $defs the OpenAPI document cannot hold
    data: z.unknown().optional().describe('any JSON; sent to a 1.6 station as a string (non-strings as their JSON text)'),
  }),
  response: commandStatusSchema.extend({
    data: z.unknown().optional().describe('what the station answered with, if anything (1.6: a string)'),
  }),
  handle: async ({ params, body, principal, services }) => {
    const command = {
      type: 'dataTransfer',
      vendorId: body.vendorId,
      ...(body.messageId === undefined ? {} : { messageId: body.messageId }),
      ...(body.data === undefined ? {} : { data: body.data }),
    } as const;
    const result = await runCommand(services, params.id, command, principal!.username);
    return { status: result.status, ...(result.data === undefined ? {} : { data: result.data }) };
  },
});

/** `POST …/connectors/{n}/unlock`. */
export const unlockConnector = command({
  operationId: 'unlockConnector', method: 'POST', path: `${connector}/unlock`, params: connectorParams,
  summary: 'Unlock a connector',
  toCommand: (params) => ({ type: 'unlockConnector', connectorId: params.n }),
});

const startProfile = remoteStartProfileSchema
  .optional()
  .describe('a TxProfile (Relative or Absolute, no transactionId) sent in RemoteStartTransaction and stored; its id is allocated by the system');
const startResponse = commandStatusSchema.extend({ chargingProfileId: z.number().int().optional().describe('the stored profile of the start, if it carried one') });

/** A remote start, with its TxProfile stored and sent when it carries one. */
async function startRemotely(services: Services, chargePointId: string, start: { connectorId?: number; idTag: string; chargingProfile?: RemoteStartProfileBody }, user: string) {
  const base = { idTag: start.idTag, ...(start.connectorId === undefined ? {} : { connectorId: start.connectorId }) };
  if (start.chargingProfile === undefined) return { status: (await runCommand(services, chargePointId, { type: 'remoteStart', ...base }, user)).status };
  const { status, profile } = await remoteStartWithProfile(services, chargePointId, { ...base, chargingProfile: start.chargingProfile }, user);
  return { status, chargingProfileId: profile.chargingProfileId };
}

/** `POST …/connectors/{n}/start`. */
export const remoteStart = defineOperation({
  operationId: 'remoteStart', method: 'POST', path: `${connector}/start`, params: startParams, tag: 'commands', description: DESCRIPTION, role: 'admin', errors: COMMAND_ERRORS,
  summary: 'Start charging remotely with a tag on connector n ≥ 1 (pre-checked: unknown, blocked or expired tags answer 400 TagNotAccepted), optionally with a TxProfile',
  body: z.object({ idTag, chargingProfile: startProfile }),
  response: startResponse,
  handle: ({ params, body, principal, services }) => startRemotely(services, params.id, { connectorId: params.n, ...body }, principal!.username),
});

/** `POST …/start`: a remote start where the station picks the connector (no connectorId is sent) unless one is named. */
export const remoteStartStation = defineOperation({
  operationId: 'remoteStartStation', method: 'POST', path: `${station}/start`, params: chargePointIdParam, tag: 'commands', description: DESCRIPTION, role: 'admin', errors: COMMAND_ERRORS,
  summary: 'Start charging remotely with a tag; without connectorId the station picks the connector; optionally with a TxProfile',
  body: z.object({ idTag, connectorId: startConnector.optional(), chargingProfile: startProfile }),
  response: startResponse,
  handle: ({ params, body, principal, services }) => startRemotely(services, params.id, body, principal!.username),
});

/** `POST …/connectors/{n}/stop`. */
export const remoteStop = command({
  operationId: 'remoteStop', method: 'POST', path: `${connector}/stop`, params: connectorParams,
  summary:
    'Stop the transaction `transactionId` (its id in /api/v1/transactions) on the connector; without it the ' +
    'connector’s newest open one. None, or not open there: 400 NoOpenTransaction',
  body: z.object({ transactionId: z.number().int().positive().optional().describe('the transaction to stop; absent: the newest open one') }),
  toCommand: (params, body) => ({ type: 'remoteStop', connectorId: params.n, ...(body.transactionId === undefined ? {} : { transactionId: body.transactionId }) }),
});

/** `PUT …/connectors/{n}/charging-limit`: a TxDefaultProfile the system allocates, stores and replaces itself. */
export const setChargingLimit = defineOperation({
  operationId: 'setChargingLimit', method: 'PUT', path: `${connector}/charging-limit`, params: connectorParams, tag: 'commands', description: DESCRIPTION, role: 'admin', errors: COMMAND_ERRORS,
  summary: 'Limit the connector’s charging power or current (a Relative TxDefaultProfile with a system-allocated id, listed in …/charging-profiles)',
  body: z.object({ limit: z.number().positive().max(1_000_000), unit: z.enum(['A', 'W']) }),
  response: commandStatusSchema.extend({ chargingProfileId: z.number().int() }),
  handle: async ({ params, body, principal, services }) => {
    const { status, profile } = await setLimit(services, params.id, params.n, body, principal!.username);
    return { status, chargingProfileId: profile.chargingProfileId };
  },
});

/** `DELETE …/connectors/{n}/charging-limit`: clears only the limit profile the system made; 404 when there is none. */
export const clearChargingLimit = defineOperation({
  operationId: 'clearChargingLimit', method: 'DELETE', path: `${connector}/charging-limit`, params: connectorParams, tag: 'commands', description: DESCRIPTION, role: 'admin', errors: COMMAND_ERRORS,
  summary: 'Remove the charging limit the system set on the connector (never another profile)',
  response: commandStatusSchema,
  handle: async ({ params, principal, services }) => ({ status: (await clearLimit(services, params.id, params.n, principal!.username)).status }),
});

/**
 * `POST …/web-payments`: configures an OCPP 2.1 station's dynamic QR codes (C25): `WebPaymentsCtrlr` URL template,
 * shared secret (derived on the gateway node, never in the request, the history or the message log), validity and
 * length. Needs payments on (a public base URL); 400 NotSupported for 1.6 and 2.0.1 stations.
 */
export const configureWebPayments = defineOperation({
  operationId: 'configureWebPayments',
  method: 'POST',
  path: `${station}/web-payments`,
  tag: 'commands',
  summary: 'Configure dynamic QR codes on an OCPP 2.1 station (WebPaymentsCtrlr via SetVariables)',
  description: `${DESCRIPTION} 409 PaymentsOff when payments are off (no Stripe key or public base URL).`,
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: chargePointIdParam,
  response: commandStatusSchema.extend({ urlTemplate: z.string(), validitySeconds: z.number().int(), digits: z.number().int() }),
  handle: async ({ params, principal, services }) => {
    const baseUrl = services.config.publicBaseUrl;
    if (!services.config.payments || !baseUrl) throw new ApiError(409, 'PaymentsOff', 'payments are off: set STRIPE_SECRET_KEY and PUBLIC_BASE_URL');
    const command = {
      type: 'configureWebPayments',
      urlTemplate: webPaymentsUrlTemplate(baseUrl),
      validitySeconds: WEB_PAYMENTS_VALIDITY_SECONDS,
      digits: WEB_PAYMENTS_TOTP_DIGITS,
    } as const;
    const result = await runCommand(services, params.id, command, principal!.username);
    return { status: result.status, urlTemplate: command.urlTemplate, validitySeconds: command.validitySeconds, digits: command.digits };
  },
});

/** `GET …/configuration`: the station's configuration (all keys, or the repeated `key` parameters). */
export const getConfiguration = defineOperation({
  operationId: 'getConfiguration',
  method: 'GET',
  path: `${station}/configuration`,
  tag: 'commands',
  summary: 'Read the station’s configuration (1.6 GetConfiguration / 2.x GetVariables)',
  description: DESCRIPTION,
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: chargePointIdParam,
  query: z.object({
    key: z.union([text(1, 100), z.array(text(1, 100)).max(100)]).optional().describe('repeat for several keys; absent: all'),
  }),
  response: commandStatusSchema.extend({
    configuration: z.array(z.object({ key: z.string(), value: z.string().nullable(), readonly: z.boolean() })),
    unknownKeys: z.array(z.string()),
  }),
  handle: async ({ params, query, principal, services }) => {
    const keys = query.key === undefined ? undefined : [query.key].flat();
    const result = await runCommand(services, params.id, { type: 'getConfiguration', keys }, principal!.username);
    return { status: result.status, configuration: [...(result.configuration ?? [])], unknownKeys: [...(result.unknownKeys ?? [])] };
  },
});
