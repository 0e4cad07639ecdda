import type { GatewayContext } from '../ocpp/context.ts';
import type { TagDecision } from '@csms/db';

/** The generated idTags of paid sessions: `PAY` + 17 base32 characters (1.6's 20-character limit). */
const PAID_TAG = /^PAY[0-9A-Z]{17}$/;

/** Whether `idTag` has the shape of a paid session's generated tag. */
export function isPaidTag(idTag: string | null): boolean {
  return idTag !== null && PAID_TAG.test(idTag);
}

/**
 * What a tag unknown to the tag table may still be: the generated tag of a paid session's intent (issue 13). Accepted
 * only on this station and, for a start, only while the intent waits (before its deadline) and on its connector:
 * `start` is the start's connector (1.6 connectorId / 2.x EVSE id), `authorize` any connector of the station (an
 * Authorize carries none) and `session` a later message of the running session. Only unknown tags of the paid shape
 * cost a lookup, so the hot path is untouched. The expiry is the intent's deadline, so a station's local cache forgets it.
 */
export async function authorizeWithIntent(
  context: GatewayContext,
  idTag: string,
  use: { readonly kind: 'start'; readonly evseId: number } | { readonly kind: 'authorize' } | { readonly kind: 'session' },
): Promise<TagDecision> {
  const decision = await context.authorize(idTag);
  if (decision.status !== 'Invalid' || !PAID_TAG.test(idTag)) return decision;
  const now = context.clock.now();
  const intent = await context.db.write((tx) => tx.sessionIntents.findForTag(context.stationId, idTag, now));
  if (!intent) return decision;
  const pending = intent.state === 'Pending';
  const fits = use.kind === 'session' ? true : pending && (use.kind === 'authorize' || intent.evseId === use.evseId);
  if (!fits) return decision;
  context.logger.info({ idTag, workflowId: intent.workflowId, use: use.kind }, 'paid session tag accepted');
  return { status: 'Accepted', tagId: idTag, parentTagId: null, expiresAt: pending ? intent.deadline : null };
}
