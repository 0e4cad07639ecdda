import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';

/**
 * A Stripe payment of one paid charging session, owned by the session's workflow. Amounts are integers in minor
 * currency units; `pricing` is the snapshot of the station's pricing the hold was computed from. `sessionId` is the
 * driver's unguessable id; `activeConnector` is `'active'` while the payment holds its connector and null once it
 * is over, so the unique index on (station, connector, activeConnector) allows one active paid session per connector
 * (NULLs never collide, in SQLite and PostgreSQL alike).
 */
export const PaymentEntity = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  properties: {
    id: p.integer().primary().autoincrement(),
    workflowId: p.string().length(200).unique('payment_workflow_unique'),
    sessionId: p.string().length(64).unique('payment_session_unique'),
    activeConnector: p.string().length(10).nullable(),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk(),
    evseId: p.integer(),
    checkoutSessionId: p.string().length(255).nullable().unique('payment_checkout_session_unique'),
    paymentIntentId: p.string().length(255).nullable().index('payment_intent_index'),
    currency: p.string().length(3),
    holdAmountMinor: p.integer(),
    capturedAmountMinor: p.integer().nullable(),
    releasedAmountMinor: p.integer().nullable(),
    refundedAmountMinor: p.integer().default(0),
    // the Settlement (cost breakdown, captured, released) once settled
    settlement: p.json<Record<string, unknown>>().nullable(),
    checkoutUrl: p.string().length(2000).nullable(),
    captureBefore: p.datetime().nullable(),
    status: p.string().length(30),
    pricing: p.json<Record<string, unknown>>(),
    failureCode: p.string().length(100).nullable(),
    failureMessage: p.string().length(500).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    authorizedAt: p.datetime().nullable(),
    settledAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['chargePoint', 'evseId', 'activeConnector'], name: 'payment_active_connector_unique' }],
  indexes: [{ properties: ['createdAt'], name: 'payment_created_index' }],
});
