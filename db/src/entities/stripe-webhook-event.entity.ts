import { defineEntity, p } from '@mikro-orm/core';

/** A Stripe webhook event seen by the web app; the primary key de-duplicates Stripe's retries. */
export const StripeWebhookEventEntity = defineEntity({
  name: 'StripeWebhookEvent',
  tableName: 'stripe_webhook_event',
  properties: {
    eventId: p.string().length(255).primary(),
    type: p.string().length(100),
    receivedAt: p.datetime(),
    processedAt: p.datetime().nullable(),
  },
});
