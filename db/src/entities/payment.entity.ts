import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';

/**
 * A Stripe payment of one paid charging session, owned by the session's workflow. Amounts are integers in minor
 * currency units; `pricing` is the snapshot of the station's pricing the hold was computed from.
 */
export const PaymentEntity = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  properties: {
    id: p.integer().primary().autoincrement(),
    workflowId: p.string().length(200).unique('payment_workflow_unique'),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk(),
    evseId: p.integer(),
    checkoutSessionId: p.string().length(255).nullable().unique('payment_checkout_session_unique'),
    paymentIntentId: p.string().length(255).nullable().index('payment_intent_index'),
    currency: p.string().length(3),
    holdAmountMinor: p.integer(),
    capturedAmountMinor: p.integer().nullable(),
    status: p.string().length(30),
    pricing: p.json<Record<string, unknown>>(),
    failureCode: p.string().length(100).nullable(),
    failureMessage: p.string().length(500).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    authorizedAt: p.datetime().nullable(),
    settledAt: p.datetime().nullable(),
  },
});
