import type { FilterQuery, InferEntity } from '@mikro-orm/core';
import { ReservationEntity } from '../entities/reservation.entity.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import { assertTagId } from './support.ts';

/**
 * A reservation's life: `Requested` while ReserveNow is on its way, then `Reserved` (the station accepted) or
 * `Rejected` (it answered Faulted, Occupied, Rejected or Unavailable, or never got the request); a reserved one ends
 * `Cancelled` (CancelReservation accepted), `Used` (a StartTransaction carried its id) or `Expired` (its expiry passed).
 */
export type ReservationStatus = 'Requested' | 'Reserved' | 'Rejected' | 'Cancelled' | 'Expired' | 'Used';

/** Statuses that still hold the connector. */
export const ACTIVE_RESERVATION_STATUSES: readonly ReservationStatus[] = ['Requested', 'Reserved'];

/** A reservation as plain data. `id` is the `reservationId` the station knows. */
export interface ReservationRecord {
  readonly id: number;
  readonly chargePointId: string;
  /** 0: the whole station (1.6 ReserveConnectorZeroSupported). */
  readonly connectorId: number;
  readonly idTag: string;
  readonly parentIdTag: string | null;
  readonly expiresAt: Date;
  readonly status: ReservationStatus;
  /** The station's ReserveNow answer (`Accepted`, `Faulted`, `Occupied`, `Rejected`, `Unavailable`) or why none came. */
  readonly answer: string | null;
  /** The transaction that used it (`Used`). */
  readonly transactionId: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a station's StartTransaction tells about a reservation it used. */
export interface ReservationUse {
  readonly chargePointId: string;
  readonly reservationId: number;
  readonly idTag: string;
  /** The starting tag's group, as the tag table knows it. */
  readonly parentIdTag: string | null;
  readonly transactionId: number;
  readonly now: Date;
}

type Row = InferEntity<typeof ReservationEntity>;

function toRecord(row: Row): ReservationRecord {
  return {
    id: row.id,
    chargePointId: row.chargePoint,
    connectorId: row.connectorId,
    idTag: row.idTag,
    parentIdTag: row.parentIdTag ?? null,
    expiresAt: row.expiresAt,
    status: row.status as ReservationStatus,
    answer: row.answer ?? null,
    transactionId: row.transaction ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Whether `use` may consume `reservation`: the reserved tag itself, or a tag of the reserved group (1.6 §5.13). */
export function reservationFits(reservation: Pick<ReservationRecord, 'idTag' | 'parentIdTag'>, idTag: string, parentIdTag: string | null): boolean {
  if (reservation.idTag.toLowerCase() === idTag.toLowerCase()) return true;
  return reservation.parentIdTag !== null && parentIdTag !== null && reservation.parentIdTag.toLowerCase() === parentIdTag.toLowerCase();
}

/** Reservations of connectors and stations. Expiry is applied when they are read (see {@link ReservationRepository.expire}). */
export interface ReservationRepository {
  /** Records a reservation about to be sent (`Requested`); the expiry must lie ahead of `now`. */
  create(reservation: {
    chargePointId: string;
    connectorId: number;
    idTag: string;
    parentIdTag?: string | null;
    expiresAt: Date;
    now?: Date;
  }): Promise<ReservationRecord>;
  /** Stores the station's ReserveNow answer: `Accepted` → `Reserved`, anything else → `Rejected`. Only a `Requested` one changes. */
  recordAnswer(id: number, answer: string, now?: Date): Promise<ReservationRecord>;
  /** Marks a reservation `Cancelled` (the station accepted CancelReservation, or ReserveNow never reached it). */
  cancel(id: number, now?: Date): Promise<ReservationRecord>;
  /** One reservation of a station (expired ones read as `Expired`), or null. */
  get(chargePointId: string, id: number, now?: Date): Promise<ReservationRecord | null>;
  /** The station's reservations, newest first (expired ones read as `Expired`); `active`: only Requested and Reserved. */
  list(chargePointId: string, options?: { active?: boolean; limit?: number; now?: Date }): Promise<ReservationRecord[]>;
  /**
   * A StartTransaction carried `reservationId`: marks it `Used` by the transaction when it is this station's, still
   * Reserved (or expired by our clock only: the station decides) and the tag fits. Returns null otherwise.
   */
  use(use: ReservationUse): Promise<ReservationRecord | null>;
  /** Marks reserved rows past their expiry `Expired`; returns how many. */
  expire(now: Date, chargePointId?: string): Promise<number>;
}

/** Binds the reservation repository to a session. */
export function createReservationRepository(session: Session): ReservationRepository {
  const expire = (now: Date, chargePointId?: string) =>
    session.write((em) =>
      em.nativeUpdate(
        ReservationEntity,
        { status: { $in: [...ACTIVE_RESERVATION_STATUSES] }, expiresAt: { $lte: now }, ...(chargePointId ? { chargePoint: chargePointId } : {}) },
        { status: 'Expired', updatedAt: now },
      ),
    );
  const transition = (id: number, from: readonly ReservationStatus[], to: (row: Row) => void) =>
    session.write(async (em) => {
      const row = await em.findOne(ReservationEntity, { id });
      if (!row) throw new NotFoundError(`reservation ${id} does not exist`);
      if (from.includes(row.status as ReservationStatus)) {
        to(row);
        await em.flush();
      }
      return toRecord(row);
    });

  return {
    create: async ({ chargePointId, connectorId, idTag, parentIdTag = null, expiresAt, now = new Date() }) => {
      assertTagId(idTag);
      if (parentIdTag !== null) assertTagId(parentIdTag);
      if (!Number.isInteger(connectorId) || connectorId < 0) throw new InvalidInputError(`connector ${connectorId} is not 0 or more`);
      if (!(expiresAt.getTime() > now.getTime())) throw new InvalidInputError(`the expiry ${expiresAt.toISOString()} is not in the future`);
      return session.write(async (em) => {
        const row = em.create(ReservationEntity, {
          chargePoint: chargePointId,
          connectorId,
          idTag,
          parentIdTag,
          expiresAt,
          status: 'Requested',
          answer: null,
          transaction: null,
          createdAt: now,
          updatedAt: now,
        });
        await em.flush();
        return toRecord(row);
      });
    },
    recordAnswer: (id, answer, now = new Date()) =>
      transition(id, ['Requested'], (row) => {
        row.status = answer === 'Accepted' ? 'Reserved' : 'Rejected';
        row.answer = answer.slice(0, 40);
        row.updatedAt = now;
      }),
    cancel: (id, now = new Date()) =>
      transition(id, ACTIVE_RESERVATION_STATUSES, (row) => {
        row.status = 'Cancelled';
        row.updatedAt = now;
      }),
    get: async (chargePointId, id, now = new Date()) => {
      await expire(now, chargePointId);
      return session.read(async (em) => {
        const row = await em.findOne(ReservationEntity, { id, chargePoint: chargePointId });
        return row ? toRecord(row) : null;
      });
    },
    list: async (chargePointId, { active = false, limit = 100, now = new Date() } = {}) => {
      await expire(now, chargePointId);
      return session.read(async (em) => {
        const where: FilterQuery<Row> = { chargePoint: chargePointId };
        if (active) where.status = { $in: [...ACTIVE_RESERVATION_STATUSES] };
        return (await em.find(ReservationEntity, where, { orderBy: { id: 'desc' }, limit })).map(toRecord);
      });
    },
    use: (use) =>
      session.write(async (em) => {
        const row = await em.findOne(ReservationEntity, { id: use.reservationId, chargePoint: use.chargePointId });
        if (!row || !['Reserved', 'Expired'].includes(row.status) || !reservationFits(toRecord(row), use.idTag, use.parentIdTag)) return null;
        row.status = 'Used';
        row.transaction = use.transactionId;
        row.updatedAt = use.now;
        await em.flush();
        return toRecord(row);
      }),
    expire,
  };
}
