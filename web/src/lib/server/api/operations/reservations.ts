import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import { runCommand } from '../../commands/run-command.ts';
import type { Services } from '../../services.ts';
import { defineOperation } from '../operation.ts';
import { chargePointIdParam, COMMAND_ERRORS, commandStatusSchema, queryBoolean, text, timeInput } from '../schemas.ts';
import { reservationSchema, reservationView } from './reservation-view.ts';

const station = '/api/v1/charge-points/{id}';
const idTag = z.string().regex(/^[\x21-\x7e]{1,20}$/, '1 to 20 printable characters without spaces (OCPP 1.6 IdToken)');
/** The longest reservation the API takes: a week. */
const MAX_MINUTES = 7 * 24 * 60;

async function requireStation(services: Services, id: string): Promise<void> {
  if (!(await services.db.chargePoints.get(id))) throw new ApiError(404, 'NotFound', `charge point "${id}" does not exist`);
}

const answerSchema = commandStatusSchema.extend({ reservation: reservationSchema });

/** `GET …/reservations`: the station's reservations, newest first; those past their expiry read as Expired. */
export const listReservations = defineOperation({
  operationId: 'listReservations',
  method: 'GET',
  path: `${station}/reservations`,
  tag: 'reservations',
  summary: 'The station’s reservations, newest first (active=true: only Requested and Reserved)',
  role: 'user',
  errors: [404],
  params: chargePointIdParam,
  query: z.object({
    active: queryBoolean.optional().describe('true: only reservations that still hold a connector'),
    limit: z.coerce.number().int().min(1).max(500).default(100).describe('at most this many (1–500)'),
  }),
  response: z.object({ items: z.array(reservationSchema) }),
  handle: async ({ params, query, services }) => {
    await requireStation(services, params.id);
    const items = await services.db.reservations.list(params.id, { active: query.active ?? false, limit: query.limit });
    return { items: items.map(reservationView) };
  },
});

/**
 * `POST …/reservations`: records the reservation (its row id is the reservationId), sends ReserveNow through the
 * command workflow and stores the answer: Accepted → Reserved, anything else → Rejected with the station's word.
 * Without `parentIdTag` the tag's own group (from the tag table) is sent, so its group may use the reservation.
 */
export const createReservation = defineOperation({
  operationId: 'createReservation',
  method: 'POST',
  path: `${station}/reservations`,
  tag: 'reservations',
  summary: 'Reserve a connector (connectorId 0: the whole station) for a tag or its group until the expiry (ReserveNow)',
  description:
    'Give exactly one of `expiresAt` (future time) and `expiresInMinutes` (1–10080). The tag must be known and ' +
    'accepted (400 TagNotAccepted). 200 `{status, reservation}` with the station’s answer (Accepted, Faulted, ' +
    'Occupied, Rejected, Unavailable); command failures as for every command (409 offline, 504 timeout, 502) leave ' +
    'the reservation Rejected with the failure as its answer.',
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: chargePointIdParam,
  body: z
    .object({
      connectorId: z.number().int().min(0).max(1000).describe('0: the whole station'),
      idTag,
      parentIdTag: idTag.optional().describe('the group that may use it too; absent: the tag’s own group, if any'),
      expiresAt: timeInput.optional().describe('when the reservation ends'),
      expiresInMinutes: z.number().int().min(1).max(MAX_MINUTES).optional().describe('or: minutes from now'),
    })
    .refine((body) => (body.expiresAt === undefined) !== (body.expiresInMinutes === undefined), {
      message: 'give exactly one of expiresAt and expiresInMinutes',
      path: ['expiresAt'],
    }),
  response: answerSchema,
  handle: async ({ params, body, principal, services }) => {
    await requireStation(services, params.id);
    const now = new Date();
    const expiresAt = body.expiresAt ?? new Date(now.getTime() + (body.expiresInMinutes ?? 0) * 60_000);
    if (expiresAt.getTime() <= now.getTime()) throw new ApiError(400, 'ValidationFailed', 'expiresAt must lie in the future', { field: 'expiresAt' });
    if (expiresAt.getTime() > now.getTime() + MAX_MINUTES * 60_000) {
      throw new ApiError(400, 'ValidationFailed', 'a reservation may last a week at most', { field: 'expiresAt' });
    }
    const tag = await services.db.chargeTags.authorize(body.idTag, now);
    if (tag.status !== 'Accepted') throw new ApiError(400, 'TagNotAccepted', `tag ${body.idTag} is not accepted (${tag.status})`);
    const parentIdTag = body.parentIdTag ?? tag.parentTagId ?? null;
    const reservation = await services.db.reservations.create({ chargePointId: params.id, connectorId: body.connectorId, idTag: body.idTag, parentIdTag, expiresAt, now });
    const command = {
      type: 'reserveNow',
      reservationId: reservation.id,
      connectorId: reservation.connectorId,
      idTag: reservation.idTag,
      ...(parentIdTag === null ? {} : { parentIdTag }),
      expiresAt: reservation.expiresAt.toISOString(),
    } as const;
    let status: string;
    try {
      status = (await runCommand(services, params.id, command, principal!.username)).status;
    } catch (error) {
      await services.db.reservations.recordAnswer(reservation.id, error instanceof ApiError ? String(error.code) : 'Failed');
      throw error;
    }
    return { status, reservation: reservationView(await services.db.reservations.recordAnswer(reservation.id, status)) };
  },
});

/**
 * `DELETE …/reservations/{reservationId}`: sends CancelReservation. Accepted → Cancelled; Rejected (the station holds
 * no such reservation) leaves the record as it was. Only a Requested or Reserved one can be cancelled (409 otherwise).
 */
export const cancelReservation = defineOperation({
  operationId: 'cancelReservation',
  method: 'DELETE',
  path: `${station}/reservations/{reservationId}`,
  tag: 'reservations',
  summary: 'Cancel a reservation (CancelReservation); the answer carries the station’s status',
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: z.object({ id: text(1, 48), reservationId: z.coerce.number().int().min(1).max(2 ** 31 - 1) }),
  response: answerSchema,
  handle: async ({ params, principal, services }) => {
    await requireStation(services, params.id);
    const reservation = await services.db.reservations.get(params.id, params.reservationId);
    if (!reservation) throw new ApiError(404, 'NotFound', `charge point "${params.id}" has no reservation ${params.reservationId}`);
    if (reservation.status !== 'Reserved' && reservation.status !== 'Requested') {
      throw new ApiError(409, 'ReservationNotActive', `reservation ${reservation.id} is ${reservation.status}: nothing to cancel`);
    }
    const { status } = await runCommand(services, params.id, { type: 'cancelReservation', reservationId: reservation.id }, principal!.username);
    const after = status === 'Accepted' ? await services.db.reservations.cancel(reservation.id) : reservation;
    return { status, reservation: reservationView(after) };
  },
});
