import { WorkflowNotFoundError } from '@temporalio/client';
import Stripe from 'stripe';
import { paymentNoticeSignal, STRIPE_WEBHOOK_EVENTS, type PaymentNotice, type StripeWebhookEventType } from '@csms/temporal';
import type { Services } from '../services.ts';

/** What the endpoint answers Stripe. */
export interface WebhookAnswer {
  readonly status: 200 | 400 | 503;
  readonly body: Record<string, unknown>;
}

const HANDLED = new Set<string>(STRIPE_WEBHOOK_EVENTS);

/** The payment an event is about: by the Stripe object's id in the DB, else by the workflow id in its metadata. */
async function workflowOf(services: Services, event: Stripe.Event): Promise<string | null> {
  const object = event.data.object as { id?: string; metadata?: Record<string, string> | null };
  const byId = !object.id
    ? null
    : event.type.startsWith('checkout.')
      ? await services.db.payments.getByCheckoutSessionId(object.id)
      : await services.db.payments.getByPaymentIntentId(object.id);
  if (byId) return byId.workflowId;
  // the PaymentIntent's first events may come before the workflow recorded its id
  const claimed = object.metadata?.workflow_id;
  if (!claimed) return null;
  return (await services.db.payments.getByWorkflowId(claimed))?.workflowId ?? null;
}

/**
 * `POST /api/v1/stripe/webhook` (issue 13): verifies the signature against the raw body with the configured secret
 * (400 and a log line otherwise, nothing acted on), de-duplicates the event id in the DB, and signals the session's
 * workflow, which re-reads Stripe itself. 503 when Temporal cannot be reached, so Stripe delivers again.
 */
export async function handleStripeWebhook(services: Services, rawBody: string, signature: string | null): Promise<WebhookAnswer> {
  const secret = services.config.payments?.webhookSecret;
  const refused = (reason: string): WebhookAnswer => {
    services.log.warn({ reason }, 'Stripe webhook refused');
    return { status: 400, body: { error: { code: 'InvalidSignature', message: 'webhook signature not verified' } } };
  };
  if (!secret) return refused('payments off or STRIPE_WEBHOOK_SECRET unset');
  if (!signature) return refused('no Stripe-Signature header');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch (error) {
    return refused(error instanceof Error ? error.message : 'signature check failed');
  }
  const log = services.log.child({ stripeEventId: event.id, type: event.type });
  if (!HANDLED.has(event.type)) return { status: 200, body: { received: true, handled: false } };
  if (!(await services.db.webhookEvents.recordReceived(event.id, event.type, new Date()))) {
    log.info('Stripe webhook replayed: already handled');
    return { status: 200, body: { received: true, duplicate: true } };
  }
  const workflowId = await workflowOf(services, event);
  if (workflowId) {
    const notice: PaymentNotice = { source: 'webhook', type: event.type as StripeWebhookEventType, eventId: event.id };
    try {
      await services.temporalConnection.withDeadline(Date.now() + 5000, () =>
        services.temporal.workflow.getHandle(workflowId).signal(paymentNoticeSignal, notice),
      );
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) {
        log.warn({ err: error, workflowId }, 'Stripe webhook not delivered to the session; Stripe will retry');
        return { status: 503, body: { error: { code: 'TemporalUnavailable', message: 'the session could not be told; try again' } } };
      }
      log.info({ workflowId }, 'Stripe webhook for a finished session');
    }
  } else {
    log.info('Stripe webhook for no payment of this system');
  }
  await services.db.webhookEvents.markProcessed(event.id, new Date());
  return { status: 200, body: { received: true } };
}
