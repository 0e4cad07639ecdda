import type { FilterQuery, InferEntity } from '@mikro-orm/core';
import { SessionIntentEntity } from '../entities/session-intent.entity.ts';
import { TransactionEntity } from '../entities/transaction.entity.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { withDriverStatements } from '../bulk/driver-statements.ts';
import { sqlDialect } from '../bulk/sql-dialect.ts';
import type { Session } from '../orm/session.ts';
import { assertTagId, isUniqueViolation } from './support.ts';

/** `Pending` until the station's start arrives (`Matched`), the deadline passes (`Expired`) or the workflow gives up. */
export type SessionIntentState = 'Pending' | 'Matched' | 'Expired' | 'Cancelled';

/** A start the system expects, as plain data. */
export interface SessionIntentRecord {
  readonly id: number;
  readonly chargePointId: string;
  readonly evseId: number;
  readonly idTag: string;
  readonly remoteStartId: number | null;
  readonly maxEnergyWh: number | null;
  readonly deadline: Date;
  readonly workflowId: string;
  readonly state: SessionIntentState;
  readonly transactionId: number | null;
  readonly createdAt: Date;
}

/** What identifies the station's start: 1.6 matches idTag + connector, 2.x `remoteStartId` (or the idToken). */
export interface IntentMatch {
  readonly chargePointId: string;
  readonly evseId: number;
  readonly idTag?: string | null;
  readonly remoteStartId?: number | null;
  readonly transactionId: number;
  readonly now: Date;
}

type Row = InferEntity<typeof SessionIntentEntity>;

function toRecord(row: Row): SessionIntentRecord {
  return {
    id: row.id,
    chargePointId: row.chargePoint,
    evseId: row.evseId,
    idTag: row.idTag,
    remoteStartId: row.remoteStartId ?? null,
    maxEnergyWh: row.maxEnergyWh ?? null,
    deadline: row.deadline,
    workflowId: row.workflowId,
    state: row.state as SessionIntentState,
    transactionId: row.transaction ?? null,
    createdAt: row.createdAt,
  };
}

/** Expected starts of paid and remote sessions. */
export interface SessionIntentRepository {
  create(intent: {
    chargePointId: string;
    evseId: number;
    idTag: string;
    remoteStartId?: number | null;
    maxEnergyWh?: number | null;
    deadline: Date;
    workflowId: string;
  }): Promise<SessionIntentRecord>;
  /**
   * Finds the pending, unexpired intent the start belongs to and marks it `Matched` with the transaction, giving the
   * transaction the intent's maximum energy. Call it inside the transaction that stores the start. Returns null when
   * the start was not expected.
   */
  match(match: IntentMatch): Promise<SessionIntentRecord | null>;
  getByWorkflowId(workflowId: string): Promise<SessionIntentRecord | null>;
  /** Pending intents of a station (a start is on its way; StatusNotification must reach the workflow). */
  listPending(chargePointId: string): Promise<SessionIntentRecord[]>;
  setState(workflowId: string, state: SessionIntentState): Promise<void>;
  /**
   * The intent whose generated tag `idTag` is, on this station: pending and not past its deadline, or matched (its
   * session runs). The gateway accepts such a tag only for what the intent allows (a start on its connector).
   */
  findForTag(chargePointId: string, idTag: string, now: Date): Promise<SessionIntentRecord | null>;
  /**
   * Withdraws a pending intent (the workflow gives up); returns the intent afterwards: `Cancelled`, or `Matched` with
   * its transaction when the station's start won the race. Null when the workflow has no intent.
   */
  withdraw(workflowId: string, now: Date): Promise<SessionIntentRecord | null>;
  /** Marks pending intents past their deadline `Expired`; returns how many. */
  expire(now: Date): Promise<number>;
}

/** Whether a pending intent could match (the same conditions as `match`, without loading it). */
function hasPendingIntent(em: SqlEntityManager, dialectName: Session['dialect'], match: IntentMatch): Promise<boolean> {
  const d = sqlDialect(dialectName);
  const byRemoteStart = match.remoteStartId != null;
  const sql =
    `SELECT 1 AS found FROM session_intent WHERE charge_point_id = ${d.param(1)} AND state = 'Pending' AND deadline > ${d.param(2)} AND ` +
    (byRemoteStart ? `remote_start_id = ${d.param(3)}` : `id_tag = ${d.param(3)} AND evse_id = ${d.param(4)}`) +
    ' LIMIT 1';
  const params = byRemoteStart ? [match.remoteStartId!] : [match.idTag!, match.evseId];
  return withDriverStatements(em, dialectName, async (statements) => (await statements.all(sql, [match.chargePointId, d.date(match.now), ...params])).length > 0);
}

/** Binds the session intent repository to a session. */
export function createSessionIntentRepository(session: Session): SessionIntentRepository {
  return {
    create: async (intent) => {
      assertTagId(intent.idTag);
      try {
        return await session.write(async (em) => {
          const now = new Date();
          const row = em.create(SessionIntentEntity, {
            chargePoint: intent.chargePointId,
            evseId: intent.evseId,
            idTag: intent.idTag,
            remoteStartId: intent.remoteStartId ?? null,
            maxEnergyWh: intent.maxEnergyWh ?? null,
            deadline: intent.deadline,
            workflowId: intent.workflowId,
            state: 'Pending',
            createdAt: now,
            updatedAt: now,
          });
          await em.flush();
          return toRecord(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`workflow ${intent.workflowId} has an intent already`, { cause: error });
        throw error;
      }
    },
    match: (match) =>
      session.write(async (em) => {
        const where: FilterQuery<Row> = {
          chargePoint: match.chargePointId,
          state: 'Pending',
          deadline: { $gt: match.now },
        };
        if (match.remoteStartId != null) where.remoteStartId = match.remoteStartId;
        else if (match.idTag) Object.assign(where, { idTag: match.idTag, evseId: match.evseId });
        else return null;
        // most starts have no intent: ask past the ORM first (issue 14), load the entity only when there is one
        if (!(await hasPendingIntent(em, session.dialect, match))) return null;
        const row = await em.findOne(SessionIntentEntity, where, { orderBy: { id: 'asc' } });
        if (!row) return null;
        row.state = 'Matched';
        row.transaction = match.transactionId;
        row.updatedAt = match.now;
        await em.flush();
        if (row.maxEnergyWh != null) await em.nativeUpdate(TransactionEntity, { id: match.transactionId }, { maxEnergyWh: row.maxEnergyWh });
        return toRecord(row);
      }),
    getByWorkflowId: (workflowId) =>
      session.read(async (em) => {
        const row = await em.findOne(SessionIntentEntity, { workflowId });
        return row ? toRecord(row) : null;
      }),
    listPending: (chargePointId) =>
      session.read(async (em) =>
        (await em.find(SessionIntentEntity, { chargePoint: chargePointId, state: 'Pending' }, { orderBy: { id: 'asc' } })).map(
          toRecord,
        ),
      ),
    setState: (workflowId, state) =>
      session.write(async (em) => {
        const count = await em.nativeUpdate(SessionIntentEntity, { workflowId }, { state, updatedAt: new Date() });
        if (count === 0) throw new NotFoundError(`no session intent for workflow ${workflowId}`);
      }),
    findForTag: (chargePointId, idTag, now) =>
      session.read(async (em) => {
        const row = await em.findOne(
          SessionIntentEntity,
          { chargePoint: chargePointId, idTag, $or: [{ state: 'Pending', deadline: { $gt: now } }, { state: 'Matched' }] },
          { orderBy: { id: 'desc' } },
        );
        return row ? toRecord(row) : null;
      }),
    withdraw: (workflowId, now) =>
      session.write(async (em) => {
        await em.nativeUpdate(SessionIntentEntity, { workflowId, state: { $in: ['Pending', 'Expired'] } }, { state: 'Cancelled', updatedAt: now });
        const row = await em.findOne(SessionIntentEntity, { workflowId });
        return row ? toRecord(row) : null;
      }),
    expire: (now) =>
      session.write((em) =>
        em.nativeUpdate(SessionIntentEntity, { state: 'Pending', deadline: { $lte: now } }, { state: 'Expired', updatedAt: now }),
      ),
  };
}
