import type { InferEntity } from '@mikro-orm/core';
import { PaymentEntity } from '../entities/payment.entity.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import { assertCount, isUniqueViolation } from './support.ts';

/** Where a paid session's money stands. */
export type PaymentStatus =
  | 'PendingPayment'
  | 'Authorized'
  | 'Charging'
  | 'Captured'
  | 'Cancelled'
  | 'Expired'
  | 'Failed';

/** A payment as plain data; amounts in minor units. */
export interface PaymentRecord {
  readonly id: number;
  readonly workflowId: string;
  readonly chargePointId: string;
  readonly evseId: number;
  readonly checkoutSessionId: string | null;
  readonly paymentIntentId: string | null;
  readonly currency: string;
  readonly holdAmountMinor: number;
  readonly capturedAmountMinor: number | null;
  readonly status: PaymentStatus;
  readonly pricing: Record<string, unknown>;
  readonly failureCode: string | null;
  readonly failureMessage: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly authorizedAt: Date | null;
  readonly settledAt: Date | null;
}

/** What the session workflow knows when it creates the payment. */
export interface NewPayment {
  readonly workflowId: string;
  readonly chargePointId: string;
  readonly evseId: number;
  readonly currency: string;
  readonly holdAmountMinor: number;
  readonly pricing: Record<string, unknown>;
}

/** Fields that change as the payment progresses. */
export type PaymentUpdate = Partial<
  Pick<
    PaymentRecord,
    | 'checkoutSessionId'
    | 'paymentIntentId'
    | 'capturedAmountMinor'
    | 'status'
    | 'failureCode'
    | 'failureMessage'
    | 'authorizedAt'
    | 'settledAt'
  >
>;

function toRecord(row: InferEntity<typeof PaymentEntity>): PaymentRecord {
  return {
    id: row.id,
    workflowId: row.workflowId,
    chargePointId: row.chargePoint,
    evseId: row.evseId,
    checkoutSessionId: row.checkoutSessionId ?? null,
    paymentIntentId: row.paymentIntentId ?? null,
    currency: row.currency,
    holdAmountMinor: row.holdAmountMinor,
    capturedAmountMinor: row.capturedAmountMinor ?? null,
    status: row.status as PaymentStatus,
    pricing: row.pricing,
    failureCode: row.failureCode ?? null,
    failureMessage: row.failureMessage ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    authorizedAt: row.authorizedAt ?? null,
    settledAt: row.settledAt ?? null,
  };
}

/** Stripe payments of paid sessions, one per session workflow. */
export interface PaymentRepository {
  /** Creates the payment of a workflow, or returns the existing one (activities are retried). */
  create(payment: NewPayment): Promise<PaymentRecord>;
  update(id: number, update: PaymentUpdate): Promise<PaymentRecord>;
  get(id: number): Promise<PaymentRecord | null>;
  getByWorkflowId(workflowId: string): Promise<PaymentRecord | null>;
  getByCheckoutSessionId(checkoutSessionId: string): Promise<PaymentRecord | null>;
}

/** Binds the payment repository to a session. */
export function createPaymentRepository(session: Session): PaymentRepository {
  const getByWorkflowId = (workflowId: string) =>
    session.read(async (em) => {
      const row = await em.findOne(PaymentEntity, { workflowId });
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
        const winner = await getByWorkflowId(payment.workflowId);
        if (!winner) throw new ConflictError('payment exists already', { cause: error });
        return winner;
      }
    },
    update: async (id, update) => {
      assertCount('capturedAmountMinor', update.capturedAmountMinor);
      return session.write(async (em) => {
        const row = await em.findOne(PaymentEntity, { id });
        if (!row) throw new NotFoundError(`payment ${id} does not exist`);
        for (const [key, value] of Object.entries(update)) {
          if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
        }
        row.updatedAt = new Date();
        await em.flush();
        return toRecord(row);
      });
    },
    get: (id) =>
      session.read(async (em) => {
        const row = await em.findOne(PaymentEntity, { id });
        return row ? toRecord(row) : null;
      }),
    getByWorkflowId,
    getByCheckoutSessionId: (checkoutSessionId) =>
      session.read(async (em) => {
        const row = await em.findOne(PaymentEntity, { checkoutSessionId });
        return row ? toRecord(row) : null;
      }),
  };
}
