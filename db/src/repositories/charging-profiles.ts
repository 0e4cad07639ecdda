import type { FilterQuery, InferEntity } from '@mikro-orm/core';
import { ChargingProfileEntity } from '../entities/charging-profile.entity.ts';
import { InvalidInputError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import { isUniqueViolation } from './support.ts';

/** Where a stored profile stands: sent and not answered yet, the station's answer, or what became of it since. */
export type ChargingProfileStatus = 'Sent' | 'Accepted' | 'Rejected' | 'NotSupported' | 'Cleared' | 'Replaced' | 'Failed';

/** Who made a stored profile: an operator (the profiles API), the charging-limit endpoint, or a remote start. */
export type ChargingProfileOrigin = 'Operator' | 'ChargingLimit' | 'RemoteStart';

/** What is stored of a profile before it is sent; the system allocates its `chargingProfileId`. */
export interface ChargingProfileInput {
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly stackLevel: number;
  readonly purpose: string;
  readonly kind: string;
  readonly recurrencyKind?: string | null;
  readonly validFrom?: Date | null;
  readonly validTo?: Date | null;
  readonly transactionId?: number | null;
  /** The OCPP chargingSchedule as plain JSON. */
  readonly schedule: unknown;
  readonly origin: ChargingProfileOrigin;
  readonly createdBy?: string | null;
}

/** A stored charging profile as plain data. */
export interface ChargingProfileRecord extends Required<Omit<ChargingProfileInput, 'schedule'>> {
  readonly chargingProfileId: number;
  readonly schedule: unknown;
  readonly status: ChargingProfileStatus;
  readonly statusDetail: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** ClearChargingProfile's criteria (OCPP 1.6): an id, or any of connector, purpose and stack level; none: all. */
export interface ChargingProfileCriteria {
  readonly id?: number;
  readonly connectorId?: number;
  readonly purpose?: string;
  readonly stackLevel?: number;
}

type Row = InferEntity<typeof ChargingProfileEntity>;

/** Profiles the station holds as far as the system knows (answered Accepted, or sent and not answered yet). */
const IN_FORCE: ChargingProfileStatus[] = ['Sent', 'Accepted'];

function toRecord(row: Row): ChargingProfileRecord {
  return {
    chargePointId: row.chargePoint,
    chargingProfileId: row.chargingProfileId,
    connectorId: row.connectorId,
    stackLevel: row.stackLevel,
    purpose: row.purpose,
    kind: row.kind,
    recurrencyKind: row.recurrencyKind ?? null,
    validFrom: row.validFrom ?? null,
    validTo: row.validTo ?? null,
    transactionId: row.transactionId ?? null,
    schedule: JSON.parse(row.schedule) as unknown,
    status: row.status as ChargingProfileStatus,
    statusDetail: row.statusDetail ?? null,
    origin: row.origin as ChargingProfileOrigin,
    createdBy: row.createdBy ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function criteriaWhere(chargePointId: string, criteria: ChargingProfileCriteria): FilterQuery<Row> {
  const where: FilterQuery<Row> = { chargePoint: chargePointId, status: { $in: IN_FORCE } };
  // 1.6 §6.12: with an id the other fields are ignored
  if (criteria.id !== undefined) return { ...where, chargingProfileId: criteria.id };
  return {
    ...where,
    ...(criteria.connectorId === undefined ? {} : { connectorId: criteria.connectorId }),
    ...(criteria.purpose === undefined ? {} : { purpose: criteria.purpose }),
    ...(criteria.stackLevel === undefined ? {} : { stackLevel: criteria.stackLevel }),
  };
}

/**
 * The charging profiles the system sent to stations (docs/ocpp-1.6.md, Smart charging). The system allocates each
 * profile's id (unique per station, never reused), so replacing or clearing by id only ever touches its own.
 */
export interface ChargingProfileRepository {
  /** Stores a profile as `Sent` with the station's next free profile id. */
  allocate(input: ChargingProfileInput): Promise<ChargingProfileRecord>;
  /**
   * Records the station's answer. An `Accepted` profile replaces, on the station, any other of the same connector,
   * purpose and stack level (OCPP 1.6 §3.13.2): those stored become `Replaced`.
   */
  answer(chargePointId: string, chargingProfileId: number, status: ChargingProfileStatus, detail?: string | null): Promise<ChargingProfileRecord>;
  /** Marks the profiles in force that match the criteria `Cleared` (with `detail`); returns them. */
  clear(chargePointId: string, criteria: ChargingProfileCriteria, detail: string): Promise<ChargingProfileRecord[]>;
  /** The profiles in force that the criteria would clear. */
  matching(chargePointId: string, criteria: ChargingProfileCriteria): Promise<ChargingProfileRecord[]>;
  get(chargePointId: string, chargingProfileId: number): Promise<ChargingProfileRecord | null>;
  /** A station's profiles, newest first; `inForce` keeps those Sent or Accepted. */
  list(chargePointId: string, options?: { inForce?: boolean; limit?: number }): Promise<ChargingProfileRecord[]>;
}

const ALLOCATE_ATTEMPTS = 5;

/** Binds the charging profile repository to a session. */
export function createChargingProfileRepository(session: Session): ChargingProfileRepository {
  return {
    allocate: async (input) => {
      if (!Number.isSafeInteger(input.connectorId) || input.connectorId < 0) throw new InvalidInputError('a connector id is 0 or more');
      for (let attempt = 1; ; attempt++) {
        try {
          return await session.write(async (em) => {
            const last = await em.findOne(ChargingProfileEntity, { chargePoint: input.chargePointId }, { orderBy: { chargingProfileId: 'desc' } });
            const now = new Date();
            const row = em.create(ChargingProfileEntity, {
              chargePoint: input.chargePointId,
              chargingProfileId: (last?.chargingProfileId ?? 0) + 1,
              connectorId: input.connectorId,
              stackLevel: input.stackLevel,
              purpose: input.purpose,
              kind: input.kind,
              recurrencyKind: input.recurrencyKind ?? null,
              validFrom: input.validFrom ?? null,
              validTo: input.validTo ?? null,
              transactionId: input.transactionId ?? null,
              schedule: JSON.stringify(input.schedule),
              status: 'Sent',
              statusDetail: null,
              origin: input.origin,
              createdBy: input.createdBy ?? null,
              createdAt: now,
              updatedAt: now,
            });
            await em.flush();
            return toRecord(row);
          });
        } catch (error) {
          // two allocations for one station at once: the loser takes the next id
          if (!isUniqueViolation(error) || attempt >= ALLOCATE_ATTEMPTS) throw error;
        }
      }
    },
    answer: (chargePointId, chargingProfileId, status, detail = null) =>
      session.write(async (em) => {
        const row = await em.findOneOrFail(ChargingProfileEntity, { chargePoint: chargePointId, chargingProfileId });
        const now = new Date();
        row.status = status;
        row.statusDetail = detail?.slice(0, 300) ?? null;
        row.updatedAt = now;
        if (status === 'Accepted') {
          await em.nativeUpdate(
            ChargingProfileEntity,
            {
              chargePoint: chargePointId,
              chargingProfileId: { $ne: chargingProfileId },
              connectorId: row.connectorId,
              purpose: row.purpose,
              stackLevel: row.stackLevel,
              status: { $in: IN_FORCE },
            },
            { status: 'Replaced', statusDetail: `replaced by profile ${chargingProfileId}`, updatedAt: now },
          );
        }
        await em.flush();
        return toRecord(row);
      }),
    clear: (chargePointId, criteria, detail) =>
      session.write(async (em) => {
        const rows = await em.find(ChargingProfileEntity, criteriaWhere(chargePointId, criteria), { orderBy: { chargingProfileId: 'asc' } });
        const now = new Date();
        for (const row of rows) {
          row.status = 'Cleared';
          row.statusDetail = detail.slice(0, 300);
          row.updatedAt = now;
        }
        await em.flush();
        return rows.map(toRecord);
      }),
    matching: (chargePointId, criteria) =>
      session.read(async (em) =>
        (await em.find(ChargingProfileEntity, criteriaWhere(chargePointId, criteria), { orderBy: { chargingProfileId: 'asc' } })).map(toRecord),
      ),
    get: (chargePointId, chargingProfileId) =>
      session.read(async (em) => {
        const row = await em.findOne(ChargingProfileEntity, { chargePoint: chargePointId, chargingProfileId });
        return row ? toRecord(row) : null;
      }),
    list: (chargePointId, options = {}) =>
      session.read(async (em) =>
        (
          await em.find(
            ChargingProfileEntity,
            { chargePoint: chargePointId, ...(options.inForce ? { status: { $in: IN_FORCE } } : {}) },
            { orderBy: { chargingProfileId: 'desc' }, limit: options.limit ?? 200 },
          )
        ).map(toRecord),
      ),
  };
}
