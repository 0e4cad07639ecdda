import { raw, type InferEntity } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ChargePointEntity } from '../entities/charge-point.entity.ts';
import {
  ConnectorEntity,
  MessageLogEntity,
  MeterSampleEntity,
  PaymentEntity,
  SessionIntentEntity,
  TransactionEntity,
} from '../entities/index.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import { assertChargePointId, assertCount, chunk, isUniqueViolation } from './support.ts';
import { characterCount } from '../text-length.ts';
import { pageOf, type ListPage, type ListQuery, type ListSpec } from './list-query.ts';

/** A station's pricing. Money in minor units; the energy price per MWh keeps sub-cent kWh prices integral. */
export interface Pricing {
  readonly currency: string;
  readonly pricePerMwhMinor: number;
  readonly maxEnergyWh: number | null;
  readonly sessionFeeMinor: number;
  readonly usageFeePerMinuteMinor: number;
  readonly freeMinutes: number;
  readonly maxBillableMinutes: number | null;
  /** `sessionStart`: the per-minute fee counts while the session runs; `chargingEnd`: from the stop until unplugged (idle fee). */
  readonly usageFeeFrom: 'sessionStart' | 'chargingEnd';
  readonly freeCharging: boolean;
}

/** What a BootNotification reported (1.6 field names; the gateway maps 2.x `chargingStation` / `modem` onto them). */
export interface BootInfo {
  readonly vendor: string | null;
  readonly model: string | null;
  readonly chargePointSerialNumber: string | null;
  readonly chargeBoxSerialNumber: string | null;
  readonly firmwareVersion: string | null;
  readonly iccid: string | null;
  readonly imsi: string | null;
  readonly meterType: string | null;
  readonly meterSerialNumber: string | null;
  /** 2.x BootReason. */
  readonly reason: string | null;
}

/** Whether the station may operate (`Accepted`) or waits for an admin (`Pending`: BootNotification answered Pending). */
export type RegistrationStatus = 'Accepted' | 'Pending';

/** A charge point as plain data. `basicAuthPasswordHash` is the keyed hash, for `verifyStationPassword`. */
export interface ChargePointRecord {
  readonly id: string;
  readonly name: string;
  readonly comment: string | null;
  readonly basicAuthPasswordHash: string | null;
  readonly clientCertThumbprint: string | null;
  readonly securityProfile: number;
  readonly registrationStatus: RegistrationStatus;
  readonly boot: BootInfo;
  readonly bootedAt: Date | null;
  readonly protocol: string | null;
  readonly online: boolean;
  readonly nodeId: string | null;
  readonly connectionEpoch: number;
  readonly connectedAt: Date | null;
  readonly lastSeenAt: Date | null;
  /** Why the system marked the station offline (its gateway node's lease lapsed, …); null while online. */
  readonly offlineReason: string | null;
  readonly heartbeatInterval: number;
  /** Soft schema violations from this station are logged and the message processed (chargers that bend the schema). */
  readonly lenient: boolean;
  readonly pricing: Pricing;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly deletedAt: Date | null;
}

/** Master data of a station, as an operator enters it. */
export interface ChargePointInput {
  readonly name: string;
  readonly comment?: string | null;
  /** From `hashStationPassword`; never the clear password. `null` removes Basic auth. */
  readonly basicAuthPasswordHash?: string | null;
  readonly clientCertThumbprint?: string | null;
  readonly securityProfile?: number;
  /** Set `Accepted` to accept a station that registered itself as pending. */
  readonly registrationStatus?: RegistrationStatus;
  readonly heartbeatInterval?: number;
  readonly lenient?: boolean;
  readonly pricing?: Partial<Pricing>;
}

type ChargePointRow = InferEntity<typeof ChargePointEntity>;

function toRecord(row: ChargePointRow): ChargePointRecord {
  return {
    id: row.id,
    name: row.name,
    comment: row.comment ?? null,
    basicAuthPasswordHash: row.basicAuthPasswordHash ?? null,
    clientCertThumbprint: row.clientCertThumbprint ?? null,
    securityProfile: row.securityProfile,
    registrationStatus: row.registrationStatus === 'Pending' ? 'Pending' : 'Accepted',
    boot: {
      vendor: row.vendor ?? null,
      model: row.model ?? null,
      chargePointSerialNumber: row.chargePointSerialNumber ?? null,
      chargeBoxSerialNumber: row.chargeBoxSerialNumber ?? null,
      firmwareVersion: row.firmwareVersion ?? null,
      iccid: row.iccid ?? null,
      imsi: row.imsi ?? null,
      meterType: row.meterType ?? null,
      meterSerialNumber: row.meterSerialNumber ?? null,
      reason: row.bootReason ?? null,
    },
    bootedAt: row.bootedAt ?? null,
    protocol: row.protocol ?? null,
    online: row.online,
    nodeId: row.nodeId ?? null,
    connectionEpoch: row.connectionEpoch,
    connectedAt: row.connectedAt ?? null,
    lastSeenAt: row.lastSeenAt ?? null,
    offlineReason: row.offlineReason ?? null,
    heartbeatInterval: row.heartbeatInterval,
    lenient: row.lenient,
    pricing: {
      currency: row.currency,
      pricePerMwhMinor: row.pricePerMwhMinor,
      maxEnergyWh: row.maxEnergyWh ?? null,
      sessionFeeMinor: row.sessionFeeMinor,
      usageFeePerMinuteMinor: row.usageFeePerMinuteMinor,
      freeMinutes: row.freeMinutes,
      maxBillableMinutes: row.maxBillableMinutes ?? null,
      usageFeeFrom: row.usageFeeFrom === 'chargingEnd' ? 'chargingEnd' : 'sessionStart',
      freeCharging: row.freeCharging,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt ?? null,
  };
}

function validate(input: Partial<ChargePointInput>): void {
  if (input.name !== undefined && (input.name.trim() === '' || characterCount(input.name) > 100)) {
    throw new InvalidInputError('a charge point name must have 1 to 100 characters');
  }
  if (input.basicAuthPasswordHash && !input.basicAuthPasswordHash.startsWith('hmac-sha256:')) {
    throw new InvalidInputError('basicAuthPasswordHash must come from hashStationPassword()');
  }
  const pricing = input.pricing ?? {};
  if (pricing.currency !== undefined && !/^[A-Z]{3}$/.test(pricing.currency)) {
    throw new InvalidInputError('currency must be an ISO 4217 code such as EUR');
  }
  for (const key of ['pricePerMwhMinor', 'maxEnergyWh', 'sessionFeeMinor', 'usageFeePerMinuteMinor', 'freeMinutes', 'maxBillableMinutes'] as const) {
    assertCount(key, pricing[key]);
  }
  if (pricing.usageFeeFrom !== undefined && !['sessionStart', 'chargingEnd'].includes(pricing.usageFeeFrom)) {
    throw new InvalidInputError('usageFeeFrom must be sessionStart or chargingEnd');
  }
  if (input.securityProfile !== undefined && ![0, 1, 2, 3].includes(input.securityProfile)) {
    throw new InvalidInputError('securityProfile must be 0, 1, 2 or 3');
  }
  if (input.registrationStatus !== undefined && !['Accepted', 'Pending'].includes(input.registrationStatus)) {
    throw new InvalidInputError('registrationStatus must be Accepted or Pending');
  }
  if (input.heartbeatInterval !== undefined && (!Number.isSafeInteger(input.heartbeatInterval) || input.heartbeatInterval < 1)) {
    throw new InvalidInputError('heartbeatInterval must be a whole number of seconds ≥ 1');
  }
}

function assign(row: ChargePointRow, input: Partial<ChargePointInput>): void {
  const { pricing, ...rest } = input;
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
  }
  for (const [key, value] of Object.entries(pricing ?? {})) {
    if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
  }
}

async function load(em: SqlEntityManager, id: string): Promise<ChargePointRow> {
  const row = await em.findOne(ChargePointEntity, { id, deletedAt: null });
  if (!row) throw new NotFoundError(`charge point "${id}" does not exist`);
  return row;
}

/** The sort keys of the station list. */
export const CHARGE_POINT_SORTS = ['id', 'name', 'online', 'protocol', 'lastSeen'] as const;
/** A sort key of the station list. */
export type ChargePointSort = (typeof CHARGE_POINT_SORTS)[number];

const CHARGE_POINT_LIST: ListSpec<ChargePointSort> = {
  search: ['id', 'name'],
  sorts: {
    id: { column: 'id', natural: true },
    name: { column: 'name', natural: true },
    online: { column: 'online' },
    protocol: { column: 'protocol' },
    lastSeen: { column: 'last_seen_at' },
  },
  tieBreak: 'id',
};

/** Master data, boot data and connection state of charge points. */
export interface ChargePointRepository {
  /** Adds a station; re-adding a soft-deleted id restores it with the new data. */
  create(id: string, input: ChargePointInput): Promise<ChargePointRecord>;
  update(id: string, patch: Partial<ChargePointInput>): Promise<ChargePointRecord>;
  /** A station that is not deleted, or null. */
  get(id: string): Promise<ChargePointRecord | null>;
  list(options?: { includeDeleted?: boolean }): Promise<ChargePointRecord[]>;
  /** One page of the stations that are not deleted, searched in id and name; ids and names sort naturally. */
  page(query: ListQuery<ChargePointSort>): Promise<ListPage<ChargePointRecord>>;
  /**
   * Registers an unknown station as `Pending` (the gateway's "admit unknown stations" mode) and returns it; returns an
   * existing station unchanged, and null for a soft-deleted one (deleting is how an admin rejects a station).
   */
  registerPending(id: string, input: { heartbeatInterval: number; at: Date }): Promise<ChargePointRecord | null>;
  /** Soft delete (history kept, station can no longer connect); `purge` deletes the station and all its history. */
  remove(id: string, options?: { purge?: boolean }): Promise<void>;
  recordBoot(id: string, boot: Partial<BootInfo>, at: Date): Promise<void>;
  /** Records that `nodeId` now holds the station's connection; returns the new connection epoch. */
  markConnected(id: string, connection: { nodeId: string; protocol: string; at: Date }): Promise<number>;
  /** Updates `lastSeenAt` (heartbeat, any message). */
  markSeen(id: string, at: Date): Promise<void>;
  /** Updates `lastSeenAt` of many stations in one statement (the gateway flushes its traffic this way). */
  markSeenMany(ids: readonly string[], at: Date): Promise<number>;
  /** Marks the station offline only if `epoch` is still current (a newer connection elsewhere wins). */
  markDisconnected(id: string, epoch: number, at: Date): Promise<boolean>;
  /** Marks every station held by `nodeId` offline (a gateway node starting after a crash); returns how many. */
  markNodeOffline(nodeId: string, at: Date): Promise<number>;
}

/** Binds the charge point repository to a session. */
export function createChargePointRepository(session: Session): ChargePointRepository {
  return {
    create: async (id, input) => {
      assertChargePointId(id);
      validate(input);
      return session.write(async (em) => {
        const existing = await em.findOne(ChargePointEntity, { id });
        if (existing && !existing.deletedAt) throw new ConflictError(`charge point "${id}" exists already`);
        const now = new Date();
        const row = existing ?? em.create(ChargePointEntity, { id, name: input.name, createdAt: now, updatedAt: now });
        assign(row, input);
        row.deletedAt = null;
        row.updatedAt = now;
        await em.flush();
        return toRecord(row);
      });
    },
    update: async (id, patch) => {
      validate(patch);
      return session.write(async (em) => {
        const row = await load(em, id);
        assign(row, patch);
        row.updatedAt = new Date();
        await em.flush();
        return toRecord(row);
      });
    },
    get: (id) =>
      session.read(async (em) => {
        // read-only: keep the row out of the identity map (cheap inside a long shared transaction)
        const row = await em.findOne(ChargePointEntity, { id, deletedAt: null }, { disableIdentityMap: true });
        return row ? toRecord(row) : null;
      }),
    list: (options = {}) =>
      session.read(async (em) => {
        const where = options.includeDeleted ? {} : { deletedAt: null };
        return (await em.find(ChargePointEntity, where, { orderBy: { id: 'asc' } })).map(toRecord);
      }),
    page: (query) =>
      session.read(async (em) => {
        const page = await pageOf(em, ChargePointEntity, { deletedAt: null }, CHARGE_POINT_LIST, query);
        return { rows: page.rows.map(toRecord), total: page.total };
      }),
    registerPending: async (id, input) => {
      assertChargePointId(id);
      const register = () => session.write(async (em) => {
        const existing = await em.findOne(ChargePointEntity, { id });
        if (existing) return existing.deletedAt ? null : toRecord(existing);
        const row = em.create(ChargePointEntity, {
          id,
          name: id,
          registrationStatus: 'Pending',
          heartbeatInterval: input.heartbeatInterval,
          createdAt: input.at,
          updatedAt: input.at,
        });
        await em.flush();
        return toRecord(row);
      });
      try {
        return await register();
      } catch (error) {
        // two connections of one unknown station raced; the other one created the row
        if (isUniqueViolation(error)) return register();
        throw error;
      }
    },
    remove: (id, options = {}) =>
      session.write(async (em) => {
        const row = await em.findOne(ChargePointEntity, { id });
        if (!row || (row.deletedAt && !options.purge)) throw new NotFoundError(`charge point "${id}" does not exist`);
        if (!options.purge) {
          row.deletedAt = new Date();
          row.online = false;
          row.nodeId = null;
          row.basicAuthPasswordHash = null;
          await em.flush();
          return;
        }
        await em.nativeDelete(MeterSampleEntity, { chargePoint: id });
        await em.nativeDelete(SessionIntentEntity, { chargePoint: id });
        await em.nativeDelete(TransactionEntity, { chargePoint: id });
        await em.nativeDelete(PaymentEntity, { chargePoint: id });
        await em.nativeDelete(ConnectorEntity, { chargePoint: id });
        await em.nativeDelete(MessageLogEntity, { chargePointId: id });
        await em.nativeDelete(ChargePointEntity, { id });
      }),
    recordBoot: (id, boot, at) =>
      session.write(async (em) => {
        const { reason, ...fields } = boot;
        const data: Record<string, unknown> = { bootedAt: at, lastSeenAt: at, updatedAt: at };
        for (const [key, value] of Object.entries(fields)) if (value !== undefined) data[key] = value;
        if (reason !== undefined) data.bootReason = reason;
        const count = await em.nativeUpdate(ChargePointEntity, { id, deletedAt: null }, data);
        if (count === 0) throw new NotFoundError(`charge point "${id}" does not exist`);
      }),
    markConnected: (id, connection) =>
      session.write(async (em) => {
        // Native statements, no identity map: the gateway runs hundreds of these in one transaction (group commit),
        // where a flush per call would re-check every entity loaded so far.
        const count = await em.nativeUpdate(
          ChargePointEntity,
          { id, deletedAt: null },
          {
            connectionEpoch: raw('connection_epoch + 1'),
            online: true,
            nodeId: connection.nodeId,
            protocol: connection.protocol,
            connectedAt: connection.at,
            lastSeenAt: connection.at,
            offlineReason: null,
          },
        );
        if (count === 0) throw new NotFoundError(`charge point "${id}" does not exist`);
        const row = await em.findOne(ChargePointEntity, { id }, { fields: ['connectionEpoch'], disableIdentityMap: true });
        return row?.connectionEpoch ?? 0;
      }),
    markSeen: (id, at) =>
      session.write(async (em) => {
        await em.nativeUpdate(ChargePointEntity, { id }, { lastSeenAt: at });
      }),
    markSeenMany: async (ids, at) => {
      if (ids.length === 0) return 0;
      return session.write(async (em) => {
        let count = 0;
        for (const batch of chunk([...ids], 500)) {
          count += await em.nativeUpdate(ChargePointEntity, { id: { $in: batch } }, { lastSeenAt: at });
        }
        return count;
      });
    },
    markDisconnected: (id, epoch, at) =>
      session.write(async (em) => {
        const count = await em.nativeUpdate(
          ChargePointEntity,
          { id, connectionEpoch: epoch },
          { online: false, nodeId: null, lastSeenAt: at },
        );
        return count > 0;
      }),
    markNodeOffline: (nodeId, at) =>
      session.write((em) => em.nativeUpdate(ChargePointEntity, { nodeId }, { online: false, nodeId: null, lastSeenAt: at })),
  };
}
