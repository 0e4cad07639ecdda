import type { FilterQuery, InferEntity } from '@mikro-orm/core';
import { PaymentEntity } from '../entities/payment.entity.ts';
import { ConnectorBusyError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import { assertCount, isUniqueViolation } from './support.ts';
import { pageOf, type ListPage, type ListQuery, type ListSpec } from './list-query.ts';

/** Where a paid session's money stands (`@csms/temporal`'s `PaymentStatus` spells the same list). */
export type PaymentStatus =
  | 'PendingPayment'
  | 'Authorized'
  | 'Starting'
  | 'Charging'
  | 'Settling'
  | 'Captured'
  | 'Released'
  | 'Cancelled'
  | 'Failed';

/** Statuses after which the payment no longer holds its connector. */
export const TERMINAL_STATUSES: readonly PaymentStatus[] = ['Captured', 'Released', 'Cancelled', 'Failed'];

/** A payment as plain data; amounts in minor units. */
export interface PaymentRecord {
  readonly id: number;
  readonly workflowId: string;
  /** The driver's unguessable session id. */
  readonly sessionId: string;
  readonly chargePointId: string;
  readonly evseId: number;
  readonly checkoutSessionId: string | null;
  readonly checkoutUrl: string | null;
  readonly paymentIntentId: string | null;
  readonly currency: string;
  readonly holdAmountMinor: number;
  readonly capturedAmountMinor: number | null;
  readonly releasedAmountMinor: number | null;
  readonly refundedAmountMinor: number;
  readonly status: PaymentStatus;
  readonly pricing: Record<string, unknown>;
  /** The settlement (breakdown, captured, released) once settled. */
  readonly settlement: Record<string, unknown> | null;
  readonly failureCode: string | null;
  readonly failureMessage: string | null;
  readonly captureBefore: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly authorizedAt: Date | null;
  readonly settledAt: Date | null;
}

/** What the session workflow knows when it creates the payment. */
export interface NewPayment {
  readonly workflowId: string;
  readonly sessionId: string;
  readonly chargePointId: string;
  readonly evseId: number;
  readonly currency: string;
  readonly holdAmountMinor: number;
  readonly pricing: Record<string, unknown>;
}

/** Fields that change as the payment progresses; a terminal `status` frees the connector in the same write. */
export type PaymentUpdate = Partial<
  Pick<
    PaymentRecord,
    | 'checkoutSessionId'
    | 'checkoutUrl'
    | 'paymentIntentId'
    | 'capturedAmountMinor'
    | 'releasedAmountMinor'
    | 'refundedAmountMinor'
    | 'status'
    | 'settlement'
    | 'failureCode'
    | 'failureMessage'
    | 'captureBefore'
    | 'authorizedAt'
    | 'settledAt'
  >
>;

/** Filter of {@link PaymentRepository.list}. */
export interface PaymentListFilter {
  readonly status?: PaymentStatus;
  readonly chargePointId?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit?: number;
  readonly offset?: number;
}

type Row = InferEntity<typeof PaymentEntity>;

function toRecord(row: Row): PaymentRecord {
  return {
    id: row.id,
    workflowId: row.workflowId,
    sessionId: row.sessionId,
    chargePointId: row.chargePoint,
    evseId: row.evseId,
    checkoutSessionId: row.checkoutSessionId ?? null,
    checkoutUrl: row.checkoutUrl ?? null,
    paymentIntentId: row.paymentIntentId ?? null,
    currency: row.currency,
    holdAmountMinor: row.holdAmountMinor,
    capturedAmountMinor: row.capturedAmountMinor ?? null,
    releasedAmountMinor: row.releasedAmountMinor ?? null,
    refundedAmountMinor: row.refundedAmountMinor,
    status: row.status as PaymentStatus,
    pricing: row.pricing,
    settlement: row.settlement ?? null,
    failureCode: row.failureCode ?? null,
    failureMessage: row.failureMessage ?? null,
    captureBefore: row.captureBefore ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    authorizedAt: row.authorizedAt ?? null,
    settledAt: row.settledAt ?? null,
  };
}

/** Stripe payments of paid sessions, one per session workflow. */
export interface PaymentRepository {
  /**
   * Creates the payment of a workflow holding its connector, or returns the existing one (activities are retried).
   * Throws {@link ConnectorBusyError} when another active payment holds the connector (a unique index decides).
   */
  create(payment: NewPayment): Promise<PaymentRecord>;
  update(id: number, update: PaymentUpdate): Promise<PaymentRecord>;
  get(id: number): Promise<PaymentRecord | null>;
  getByWorkflowId(workflowId: string): Promise<PaymentRecord | null>;
  getBySessionId(sessionId: string): Promise<PaymentRecord | null>;
  getByCheckoutSessionId(checkoutSessionId: string): Promise<PaymentRecord | null>;
  getByPaymentIntentId(paymentIntentId: string): Promise<PaymentRecord | null>;
  /** The active payment holding a connector, if any. */
  activeOn(chargePointId: string, evseId: number): Promise<PaymentRecord | null>;
  /** Newest first. */
  list(filter: PaymentListFilter): Promise<{ items: PaymentRecord[]; total: number }>;
  /** One page of the payments (of one status, if given), searched in station id, Stripe ids and workflow id. */
  page(query: ListQuery<PaymentSort>, filter?: { status?: PaymentStatus }): Promise<ListPage<PaymentRecord>>;
}

/** The sort keys of the payment list. */
export const PAYMENT_SORTS = ['id', 'createdAt', 'chargePoint', 'status', 'hold', 'captured'] as const;
/** A sort key of the payment list. */
export type PaymentSort = (typeof PAYMENT_SORTS)[number];

const PAYMENT_LIST: ListSpec<PaymentSort> = {
  search: ['charge_point_id', 'checkout_session_id', 'payment_intent_id', 'workflow_id'],
  sorts: {
    id: { column: 'id' },
    createdAt: { column: 'created_at' },
    chargePoint: { column: 'charge_point_id', natural: true },
    status: { column: 'status' },
    hold: { column: 'hold_amount_minor' },
    captured: { column: 'captured_amount_minor' },
  },
  tieBreak: 'id',
};

/** Binds the payment repository to a session. */
export function createPaymentRepository(session: Session): PaymentRepository {
  const findOne = (where: FilterQuery<Row>) =>
    session.read(async (em) => {
      const row = await em.findOne(PaymentEntity, where);
      return row ? toRecord(row) : null;
    });
  return {
    create: async (payment) => {
      assertCount('holdAmountMinor', payment.holdAmountMinor);
      if (!/^[A-Z]{3}$/.test(payment.currency)) throw new InvalidInputError('currency must be an ISO 4217 code');
      try {
        return await session.write(async (em) => {
          const existing = await em.findOne(PaymentEntity, { workflowId: payment.workflowId });
          if (existing) return toRecord(existing);
          const now = new Date();
          const row = em.create(PaymentEntity, {
            workflowId: payment.workflowId,
            sessionId: payment.sessionId,
            activeConnector: 'active',
            chargePoint: payment.chargePointId,
            evseId: payment.evseId,
            currency: payment.currency,
            holdAmountMinor: payment.holdAmountMinor,
            pricing: payment.pricing,
            status: 'PendingPayment',
            createdAt: now,
            updatedAt: now,
          });
          await em.flush();
          return toRecord(row);
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const winner = await findOne({ workflowId: payment.workflowId });
        if (winner) return winner;
        throw new ConnectorBusyError(`connector ${payment.evseId} of ${payment.chargePointId} has an active paid session`, { cause: error });
      }
    },
    update: async (id, update) => {
      for (const key of ['capturedAmountMinor', 'releasedAmountMinor', 'refundedAmountMinor'] as const) assertCount(key, update[key]);
      return session.write(async (em) => {
        const row = await em.findOne(PaymentEntity, { id });
        if (!row) throw new NotFoundError(`payment ${id} does not exist`);
        for (const [key, value] of Object.entries(update)) {
          if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
        }
        if (update.status && TERMINAL_STATUSES.includes(update.status)) row.activeConnector = null;
        row.updatedAt = new Date();
        await em.flush();
        return toRecord(row);
      });
    },
    get: (id) => findOne({ id }),
    getByWorkflowId: (workflowId) => findOne({ workflowId }),
    getBySessionId: (sessionId) => findOne({ sessionId }),
    getByCheckoutSessionId: (checkoutSessionId) => findOne({ checkoutSessionId }),
    getByPaymentIntentId: (paymentIntentId) => findOne({ paymentIntentId }),
    activeOn: (chargePointId, evseId) => findOne({ chargePoint: chargePointId, evseId, activeConnector: 'active' }),
    list: (filter) =>
      session.read(async (em) => {
        const where: FilterQuery<Row> = {};
        if (filter.status) where.status = filter.status;
        if (filter.chargePointId) where.chargePoint = filter.chargePointId;
        if (filter.from || filter.to) {
          where.createdAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
        }
        const [rows, total] = await em.findAndCount(PaymentEntity, where, {
          orderBy: { id: 'desc' },
          limit: filter.limit ?? 50,
          offset: filter.offset ?? 0,
        });
        return { items: rows.map(toRecord), total };
      }),
    page: (query, filter = {}) =>
      session.read(async (em) => {
        const page = await pageOf(em, PaymentEntity, filter.status ? { status: filter.status } : {}, PAYMENT_LIST, query);
        return { rows: page.rows.map(toRecord), total: page.total };
      }),
  };
}
