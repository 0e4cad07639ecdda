import { StripeWebhookEventEntity } from '../entities/stripe-webhook-event.entity.ts';
import type { Session } from '../orm/session.ts';

/** De-duplication of Stripe webhook deliveries. */
export interface WebhookEventRepository {
  /** Records an event id; true the first time, false for a redelivery of an event already processed. */
  recordReceived(eventId: string, type: string, at: Date): Promise<boolean>;
  /** Marks the event as handled; until then a redelivery is reported as new again. */
  markProcessed(eventId: string, at: Date): Promise<void>;
}

/** Binds the webhook event repository to a session. */
export function createWebhookEventRepository(session: Session): WebhookEventRepository {
  return {
    recordReceived: (eventId, type, at) =>
      session.write(async (em) => {
        const existing = await em.findOne(StripeWebhookEventEntity, { eventId });
        // an event whose handling failed before markProcessed is handled again on Stripe's retry
        if (existing) return !existing.processedAt;
        await em.insert(StripeWebhookEventEntity, { eventId, type, receivedAt: at, processedAt: null });
        return true;
      }),
    markProcessed: (eventId, at) =>
      session.write(async (em) => {
        await em.nativeUpdate(StripeWebhookEventEntity, { eventId }, { processedAt: at });
      }),
  };
}
