import { z } from 'zod';
import type { ReservationRecord } from '@csms/db';
import { iso, isoTime } from '../schemas.ts';

/** A reservation in API responses; `reservationId` is the id the station knows it by. */
export const reservationSchema = z.object({
  reservationId: z.number().int().describe('the id the station knows the reservation by'),
  chargePointId: z.string(),
  connectorId: z.number().int().describe('0: the whole station'),
  idTag: z.string(),
  parentIdTag: z.string().nullable().describe('tags of this group may use the reservation too'),
  expiresAt: isoTime,
  status: z.enum(['Requested', 'Reserved', 'Rejected', 'Cancelled', 'Expired', 'Used']),
  answer: z.string().nullable().describe('the station’s ReserveNow answer (Accepted, Faulted, Occupied, Rejected, Unavailable) or why it got none'),
  transactionId: z.number().int().nullable().describe('the transaction that used it'),
  createdAt: isoTime,
  updatedAt: isoTime,
});

/** A reservation as the API and the station page show it. */
export function reservationView(r: ReservationRecord): z.input<typeof reservationSchema> {
  return {
    reservationId: r.id,
    chargePointId: r.chargePointId,
    connectorId: r.connectorId,
    idTag: r.idTag,
    parentIdTag: r.parentIdTag,
    expiresAt: iso(r.expiresAt),
    status: r.status,
    answer: r.answer,
    transactionId: r.transactionId,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}
