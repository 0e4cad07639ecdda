import { raw, type FilterQuery, type InferEntity } from '@mikro-orm/core';
import { TransactionEntity } from '../entities/transaction.entity.ts';
import { TransactionEventEntity } from '../entities/transaction-event.entity.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import { sessionStatements, type SqlValue } from '../bulk/driver-statements.ts';
import { insertTransaction, isTransactionId, readTransaction, readTransactionByStartKey, updateStop } from '../bulk/transaction-rows.ts';
import { characterCount } from '../text-length.ts';
import { pageOf, type ListPage, type ListQuery, type ListSpec } from './list-query.ts';

/** `Active` until stopped; `Rejected` when the start tag was refused (1.6 still needs a transactionId); `Closed` when the system closed it without a stop from the station. */
export type TransactionStatus = 'Active' | 'Completed' | 'Rejected' | 'Closed';

/** A transaction as plain data; energy in Wh. */
export interface TransactionRecord {
  readonly id: number;
  readonly externalId: string | null;
  readonly chargePointId: string;
  readonly evseId: number;
  readonly connectorId: number;
  readonly startTag: string | null;
  readonly startedAt: Date;
  readonly meterStartWh: number;
  /** True while the meter start is unknown (a 2.x start without a reading); the first reading becomes it. */
  readonly meterStartPending: boolean;
  readonly startReason: string | null;
  readonly stopTag: string | null;
  readonly stoppedAt: Date | null;
  readonly meterStopWh: number | null;
  readonly stopReason: string | null;
  readonly energyWh: number | null;
  readonly lastMeterWh: number | null;
  readonly lastMeterAt: Date | null;
  readonly maxEnergyWh: number | null;
  readonly status: TransactionStatus;
  readonly dataIssue: string | null;
  readonly workflowId: string | null;
  readonly remoteStartId: number | null;
  readonly paymentId: number | null;
  /** What a paid session cost by its price list (minor units), once settled. */
  readonly costMinor: number | null;
}

/** A start as the station reported it. */
export interface TransactionStart {
  readonly chargePointId: string;
  readonly evseId: number;
  readonly connectorId?: number;
  /**
   * The business key of the start, unique per station (DESIGN.md §3): 1.6
   * `connector|idTag|meterStart|timestamp`, 2.x the station's `transactionId`. A resent start finds the same row.
   */
  readonly startKey: string;
  readonly externalId?: string | null;
  readonly startTag: string | null;
  readonly startedAt: Date;
  readonly meterStartWh: number;
  /** The start carried no energy reading: `meterStartWh` is a placeholder until the first reading. */
  readonly meterStartPending?: boolean;
  readonly startReason?: string | null;
  readonly status?: 'Active' | 'Rejected';
  /** A data problem known at the start (a start recorded from a later event, …). */
  readonly dataIssue?: string | null;
  readonly workflowId?: string | null;
  readonly remoteStartId?: number | null;
  readonly maxEnergyWh?: number | null;
  readonly paymentId?: number | null;
}

/** A stop as the station reported it (or as the system decided). */
export interface TransactionStop {
  readonly stoppedAt: Date;
  readonly meterStopWh: number | null;
  readonly stopTag?: string | null;
  readonly stopReason?: string | null;
  /** A data problem to record with the stop (appended to earlier ones). */
  readonly dataIssue?: string | null;
}

/** A start that arrived after a later event of the same 2.x transaction had created the row (offline history). */
export interface TransactionStartAmendment {
  readonly startedAt: Date;
  /** `null`: the start had no reading either. */
  readonly meterStartWh: number | null;
  readonly startTag?: string | null;
  readonly startReason?: string | null;
  readonly remoteStartId?: number | null;
  readonly evseId?: number;
  readonly connectorId?: number;
}

/** One 2.x TransactionEvent as applied (its key is the transaction and `seqNo`). */
export interface TransactionEventKey {
  readonly seqNo: number;
  readonly eventType: string;
  readonly triggerReason?: string | null;
  readonly occurredAt: Date;
  readonly offline?: boolean;
  readonly receivedAt: Date;
}

/** Filters of {@link TransactionRepository.list}; `from`/`to` bound `startedAt` (`to` exclusive). */
export interface TransactionQuery {
  readonly chargePointId?: string;
  readonly evseId?: number;
  readonly from?: Date;
  readonly to?: Date;
  readonly status?: TransactionStatus;
  /** true: only open (Active) transactions; false: only finished ones (any other status). */
  readonly open?: boolean;
  /** Transactions started or stopped with this tag. */
  readonly tag?: string;
  readonly limit?: number;
  readonly offset?: number;
}

type Row = InferEntity<typeof TransactionEntity>;

function toRecord(row: Row): TransactionRecord {
  return {
    id: row.id,
    externalId: row.externalId ?? null,
    chargePointId: row.chargePoint,
    evseId: row.evseId,
    connectorId: row.connectorId,
    startTag: row.startTag ?? null,
    startedAt: row.startedAt,
    meterStartWh: row.meterStartWh,
    meterStartPending: row.meterStartPending ?? false,
    startReason: row.startReason ?? null,
    stopTag: row.stopTag ?? null,
    stoppedAt: row.stoppedAt ?? null,
    meterStopWh: row.meterStopWh ?? null,
    stopReason: row.stopReason ?? null,
    energyWh: row.energyWh ?? null,
    lastMeterWh: row.lastMeterWh ?? null,
    lastMeterAt: row.lastMeterAt ?? null,
    maxEnergyWh: row.maxEnergyWh ?? null,
    status: row.status as TransactionStatus,
    dataIssue: row.dataIssue ?? null,
    workflowId: row.workflowId ?? null,
    remoteStartId: row.remoteStartId ?? null,
    paymentId: row.payment ?? null,
    costMinor: row.costMinor ?? null,
  };
}

/** Joins data problems into the 500-character `dataIssue` column, without repeating one. */
export function appendIssue(existing: string | null | undefined, issue: string | null | undefined): string | null {
  if (!issue) return existing ?? null;
  if (!existing) return issue.slice(0, 500);
  if (existing.includes(issue)) return existing;
  return `${existing}; ${issue}`.slice(0, 500);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What {@link settleEnergy} reads and sets: an entity or a record being stopped. */
interface Settling {
  meterStartPending?: boolean | null;
  meterStartWh: number;
  meterStopWh?: number | null;
  lastMeterWh?: number | null;
  energyWh?: number | null;
  dataIssue?: string | null;
}

/** Energy of a stopped row from its meter start and stop; `dataIssue` explains when it is not the plain difference. */
function settleEnergy(row: Settling): void {
  if (row.meterStartPending) {
    row.energyWh = null;
    row.dataIssue = appendIssue(row.dataIssue, 'meter start unknown: no reading before the stop');
    return;
  }
  const stop = row.meterStopWh ?? row.lastMeterWh;
  if (stop == null) {
    row.energyWh = null;
  } else if (stop < row.meterStartWh) {
    row.energyWh = 0;
    row.dataIssue = appendIssue(row.dataIssue, `meter stop ${stop} Wh is below meter start ${row.meterStartWh} Wh`);
  } else {
    row.energyWh = stop - row.meterStartWh;
  }
}

function assertWh(name: string, value: number | null | undefined): void {
  if (value !== null && value !== undefined && !Number.isSafeInteger(value)) {
    throw new InvalidInputError(`${name} must be an integer number of Wh`);
  }
}

/** Charging transactions: idempotent start, tolerant stop, history queries. */
export interface TransactionRepository {
  /** Inserts the start, or returns the row an earlier identical start created (`created: false`). */
  start(start: TransactionStart): Promise<{ transaction: TransactionRecord; created: boolean }>;
  /**
   * Records the stop. Never refuses: a meter stop below the start gives 0 Wh and a `dataIssue`; a second stop leaves
   * the first one in place and is reported as `alreadyStopped`.
   */
  stop(id: number, stop: TransactionStop): Promise<{ transaction: TransactionRecord; alreadyStopped: boolean }>;
  /** Closes an open transaction without a stop from the station (reboot grace period expired, …). */
  close(id: number, reason: string, at: Date): Promise<TransactionRecord>;
  /**
   * Stores an energy register reading: it becomes the latest reading only when it is not older than the stored one
   * (offline history arrives late), and it becomes the meter start while that is pending, unless `resolvesStart` is
   * false (the start itself has not arrived yet: its own reading will tell).
   */
  recordMeter(id: number, meterWh: number, at: Date, options?: { resolvesStart?: boolean }): Promise<void>;
  /**
   * Fills in the start of a row an earlier-arriving later event created (offline history applied in the station's
   * order): start time, meter start, tag; recomputes the energy of a stopped row and clears the placeholder flag.
   */
  amendStart(id: number, start: TransactionStartAmendment): Promise<TransactionRecord>;
  /** Appends a data problem to the transaction's `dataIssue` (kept at most 500 characters). */
  flag(id: number, issue: string): Promise<void>;
  /**
   * Records a 2.x TransactionEvent's key; returns false (and stores nothing) when that `seqNo` was applied already.
   * Call it inside the transaction that applies the event.
   */
  recordEvent(id: number, event: TransactionEventKey): Promise<boolean>;
  /** The row of a start business key (see {@link TransactionStart.startKey}). */
  findByStartKey(chargePointId: string, startKey: string): Promise<TransactionRecord | null>;
  /** Links the transaction to its session workflow and, when paid, its payment. */
  link(id: number, link: { workflowId?: string; paymentId?: number; maxEnergyWh?: number; costMinor?: number }): Promise<void>;
  get(id: number): Promise<TransactionRecord | null>;
  /** A 2.x transaction by the station's own `transactionId`. */
  findByExternalId(chargePointId: string, externalId: string): Promise<TransactionRecord | null>;
  /** Open (Active) transactions, optionally of one station / EVSE, oldest first. */
  listOpen(chargePointId?: string, evseId?: number): Promise<TransactionRecord[]>;
  /** The newest transaction of each connector of a station, or of every station when no id is given (the overview). */
  latestPerConnector(chargePointId?: string): Promise<TransactionRecord[]>;
  /** History, newest first. */
  list(query?: TransactionQuery): Promise<TransactionRecord[]>;
  /** How many transactions match the filters of `query` (its `limit` and `offset` are ignored). */
  count(query?: TransactionQuery): Promise<number>;
  /** One page of every transaction, searched in station id, start tag and status; station ids sort naturally. */
  page(query: ListQuery<TransactionSort>): Promise<ListPage<TransactionRecord>>;
}

/** The sort keys of the transaction list. */
export const TRANSACTION_SORTS = ['id', 'chargePoint', 'startTag', 'startedAt', 'stoppedAt', 'energy', 'status'] as const;
/** A sort key of the transaction list. */
export type TransactionSort = (typeof TRANSACTION_SORTS)[number];

const TRANSACTION_LIST: ListSpec<TransactionSort> = {
  search: ['charge_point_id', 'start_tag', 'status'],
  sorts: {
    id: { column: 'id' },
    chargePoint: { column: 'charge_point_id', natural: true },
    startTag: { column: 'start_tag' },
    startedAt: { column: 'started_at' },
    stoppedAt: { column: 'stopped_at' },
    energy: { column: 'energy_wh' },
    status: { column: 'status' },
  },
  tieBreak: 'id',
};

function whereOf(query: TransactionQuery): FilterQuery<Row> {
  const where: FilterQuery<Row> = {};
  if (query.chargePointId !== undefined) where.chargePoint = query.chargePointId;
  if (query.evseId !== undefined) where.evseId = query.evseId;
  if (query.status !== undefined) where.status = query.status;
  // `open` narrows `status`; both together can only agree or match nothing
  if (query.open === true) where.status = 'Active';
  if (query.open === false) where.status = query.status !== undefined ? query.status : { $ne: 'Active' };
  if (query.tag !== undefined) where.$or = [{ startTag: query.tag }, { stopTag: query.tag }];
  if (query.from || query.to) {
    where.startedAt = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
  }
  return where;
}

/** Binds the transaction repository to a session. */
export function createTransactionRepository(session: Session): TransactionRepository {
  const driver = sessionStatements(session);
  const { dialect } = driver;

  return {
    start: async (start) => {
      assertWh('meterStartWh', start.meterStartWh);
      if (start.startKey === '' || characterCount(start.startKey) > 255) throw new InvalidInputError('startKey must have 1 to 255 characters');
      // past the ORM: every session starts here (issue 14); the insert is idempotent by the start key in one statement
      return driver.write(async (statements) => {
        const created = await insertTransaction(dialect, statements, start, new Date());
        if (created) return { transaction: created, created: true };
        const existing = await readTransactionByStartKey(dialect, statements, start.chargePointId, start.startKey);
        if (!existing) throw new Error(`transaction start ${start.startKey} of ${start.chargePointId} conflicted but is not there`);
        return { transaction: existing, created: false };
      });
    },
    stop: async (id, stop) => {
      assertWh('meterStopWh', stop.meterStopWh);
      return driver.write(async (statements) => {
        const found = await readTransaction(dialect, statements, id);
        if (!found) throw new NotFoundError(`transaction ${id} does not exist`);
        // a stop the system decided (Closed) gives way to the station's own, which has the real meter and time
        if (found.stoppedAt && found.status !== 'Closed') return { transaction: found, alreadyStopped: true };
        const row: Mutable<TransactionRecord> = { ...found };
        if (row.status === 'Closed') {
          row.status = 'Completed';
          row.dataIssue = appendIssue(row.dataIssue, `closed by the system (${row.stopReason ?? 'no reason'}) before the station's stop arrived`);
        }
        row.stoppedAt = stop.stoppedAt;
        row.meterStopWh = stop.meterStopWh;
        row.stopTag = stop.stopTag ?? null;
        row.stopReason = stop.stopReason ?? null;
        row.dataIssue = appendIssue(row.dataIssue, stop.dataIssue);
        settleEnergy(row);
        if (row.status === 'Active') row.status = 'Completed';
        await updateStop(dialect, statements, row, new Date());
        return { transaction: row, alreadyStopped: false };
      });
    },
    close: (id, reason, at) =>
      session.write(async (em) => {
        const row = await em.findOne(TransactionEntity, { id });
        if (!row) throw new NotFoundError(`transaction ${id} does not exist`);
        if (!row.stoppedAt) {
          row.stoppedAt = at;
          row.stopReason = reason;
          row.meterStopWh = row.lastMeterWh ?? null;
          row.energyWh = row.lastMeterWh != null ? Math.max(0, row.lastMeterWh - row.meterStartWh) : null;
          if (row.status === 'Active') row.status = 'Closed';
          row.updatedAt = new Date();
          await em.flush();
        }
        return toRecord(row);
      }),
    recordMeter: async (id, meterWh, at, options = {}) => {
      assertWh('meterWh', meterWh);
      await session.write(async (em) => {
        await em.nativeUpdate(
          TransactionEntity,
          { id, $or: [{ lastMeterAt: null }, { lastMeterAt: { $lte: at } }] },
          { lastMeterWh: meterWh, lastMeterAt: at },
        );
        if (options.resolvesStart === false) return;
        await em.nativeUpdate(TransactionEntity, { id, meterStartPending: true }, { meterStartWh: meterWh, meterStartPending: false });
      });
    },
    amendStart: async (id, start) => {
      assertWh('meterStartWh', start.meterStartWh);
      return session.write(async (em) => {
        const row = await em.findOne(TransactionEntity, { id });
        if (!row) throw new NotFoundError(`transaction ${id} does not exist`);
        row.startedAt = start.startedAt;
        if (start.meterStartWh !== null) {
          row.meterStartWh = start.meterStartWh;
          row.meterStartPending = false;
        }
        if (start.startTag != null && row.startTag == null) row.startTag = start.startTag;
        if (start.startReason != null) row.startReason = start.startReason;
        if (start.remoteStartId != null) row.remoteStartId = start.remoteStartId;
        if (start.evseId !== undefined && row.evseId === 0) {
          row.evseId = start.evseId;
          row.connectorId = start.connectorId ?? row.connectorId;
        }
        if (row.stoppedAt) settleEnergy(row);
        row.updatedAt = new Date();
        await em.flush();
        return toRecord(row);
      });
    },
    flag: (id, issue) =>
      session.write(async (em) => {
        const row = await em.findOne(TransactionEntity, { id });
        if (!row) throw new NotFoundError(`transaction ${id} does not exist`);
        row.dataIssue = appendIssue(row.dataIssue, issue);
        await em.flush();
      }),
    recordEvent: (id, event) =>
      session.write(async (em) => {
        // inside the applying transaction: on SQLite the write lock, on PostgreSQL the unique key decides a race
        const seen = await em.findOne(TransactionEventEntity, { transaction: id, seqNo: event.seqNo }, { fields: ['id'] });
        if (seen) return false;
        em.create(TransactionEventEntity, {
          transaction: id,
          seqNo: event.seqNo,
          eventType: event.eventType,
          triggerReason: event.triggerReason?.slice(0, 50) ?? null,
          occurredAt: event.occurredAt,
          offline: event.offline ?? false,
          receivedAt: event.receivedAt,
        });
        await em.flush();
        return true;
      }),
    findByStartKey: (chargePointId, startKey) =>
      driver.read((statements) => readTransactionByStartKey(dialect, statements, chargePointId, startKey)),
    link: async (id, link) => {
      if (!isTransactionId(id)) throw new NotFoundError(`transaction ${id} does not exist`);
      await driver.write(async (statements) => {
        const columns: [string, SqlValue][] = [['updated_at', dialect.date(new Date())]];
        if (link.workflowId !== undefined) columns.push(['workflow_id', link.workflowId]);
        if (link.paymentId !== undefined) columns.push(['payment_id', link.paymentId]);
        if (link.maxEnergyWh !== undefined) columns.push(['max_energy_wh', link.maxEnergyWh]);
        if (link.costMinor !== undefined) columns.push(['cost_minor', link.costMinor]);
        const set = columns.map(([column], i) => `${column} = ${dialect.param(i + 2)}`).join(', ');
        const count = await statements.run(`UPDATE charging_transaction SET ${set} WHERE id = ${dialect.param(1)}`, [id, ...columns.map(([, value]) => value)]);
        if (count === 0) throw new NotFoundError(`transaction ${id} does not exist`);
      });
    },
    get: (id) => driver.read((statements) => readTransaction(dialect, statements, id)),
    findByExternalId: (chargePointId, externalId) =>
      session.read(async (em) => {
        const row = await em.findOne(TransactionEntity, { chargePoint: chargePointId, externalId }, { orderBy: { id: 'desc' } });
        return row ? toRecord(row) : null;
      }),
    listOpen: (chargePointId, evseId) =>
      session.read(async (em) => {
        const where: FilterQuery<Row> = { status: 'Active' };
        if (chargePointId !== undefined) where.chargePoint = chargePointId;
        if (evseId !== undefined) where.evseId = evseId;
        return (await em.find(TransactionEntity, where, { orderBy: { id: 'asc' } })).map(toRecord);
      }),
    latestPerConnector: (chargePointId) =>
      session.read(async (em) => {
        const latest = await em
          .createQueryBuilder(TransactionEntity, 'l')
          .select(raw('max(l.id) as id'))
          .where(chargePointId === undefined ? {} : { chargePoint: chargePointId })
          .groupBy(['chargePoint', 'evseId', 'connectorId'])
          .execute<{ id: number }[]>('all', false);
        const ids = latest.map((row) => Number(row.id));
        if (ids.length === 0) return [];
        const rows = await em.find(TransactionEntity, { id: { $in: ids } }, {
          orderBy: { chargePoint: 'asc', evseId: 'asc', connectorId: 'asc' },
        });
        return rows.map(toRecord);
      }),
    list: (query = {}) =>
      session.read(async (em) => {
        const where = whereOf(query);
        const rows = await em.find(TransactionEntity, where, {
          orderBy: { startedAt: 'desc', id: 'desc' },
          limit: query.limit ?? 1000,
          offset: query.offset ?? 0,
        });
        return rows.map(toRecord);
      }),
    count: (query = {}) => session.read((em) => em.count(TransactionEntity, whereOf(query))),
    page: (query) =>
      session.read(async (em) => {
        const page = await pageOf(em, TransactionEntity, {}, TRANSACTION_LIST, query);
        return { rows: page.rows.map(toRecord), total: page.total };
      }),
  };
}
