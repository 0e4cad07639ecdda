import type { GatewayContext } from '../ocpp/context.ts';
import type { TagDecision } from '@csms/db';

/** 1.6 `idTagInfo.status`. */
export type IdTagStatus16 = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

/** 1.6 `idTagInfo` for a decision (group as `parentIdTag`, expiry as `expiryDate`, both only when known). */
export function idTagInfo16(decision: TagDecision, status: IdTagStatus16 = decision.status) {
  return {
    status,
    ...(decision.expiresAt ? { expiryDate: decision.expiresAt.toISOString() } : {}),
    ...(decision.parentTagId ? { parentIdTag: decision.parentTagId } : {}),
  };
}

/** 2.x `idTokenInfo` for a decision; 2.x says `Unknown` where 1.6 says `Invalid`. */
export function idTokenInfo2(decision: TagDecision, status: IdTagStatus16 = decision.status) {
  return {
    status: status === 'Invalid' ? ('Unknown' as const) : status,
    ...(decision.expiresAt ? { cacheExpiryDateTime: decision.expiresAt.toISOString() } : {}),
    ...(decision.parentTagId ? { groupIdToken: { idToken: decision.parentTagId, type: 'Central' as const } } : {}),
  };
}

/**
 * The status to answer a start that found its row already there (a resend): a refused start stays refused (`Invalid`
 * when the tag itself is fine now, since the row is what the station holds), an accepted one stays `Accepted`.
 */
export function resentStartStatus(row: { readonly status: string }, status: IdTagStatus16): IdTagStatus16 {
  if (row.status !== 'Rejected') return 'Accepted';
  return status === 'Accepted' ? 'Invalid' : status;
}

/**
 * Whether `tagId` already has an open transaction (OCPP.Core's optional ConcurrentTx rule, `OCPP_DENY_CONCURRENT_TX`),
 * other than the station's own with `exceptStartKey` (a resent start must not collide with itself).
 */
export async function hasConcurrentTx(context: GatewayContext, tagId: string, exceptStartKey: string): Promise<boolean> {
  if (!context.settings.denyConcurrentTx) return false;
  const open = await context.db.openTransactionsOfTag(tagId);
  if (open.length === 0) return false;
  const mine = await context.db.transactionByStartKey(context.stationId, exceptStartKey);
  return open.some((row) => row.id !== mine?.id);
}

/**
 * The data problem of a stop by `stop` of a transaction started by `startTag`, or null: the same tag, a tag of the
 * same group, or the group tag itself may stop it (OCPP 1.6 §5.x "StopTransaction", 2.0.1 C01.FR.03/C09). A stop is
 * never refused for it: the station has stopped already, so the transaction is closed and the problem flagged.
 */
export async function stopTagIssue(
  authorize: (idTag: string) => Promise<TagDecision>,
  stop: TagDecision,
  presented: string,
  startTag: string | null,
): Promise<string | null> {
  if (stop.status !== 'Accepted') return `stop tag ${presented} is ${stop.status}`;
  if (startTag === null) return null;
  if (presented.toLowerCase() === startTag.toLowerCase() || stop.tagId === startTag) return null;
  const start = await authorize(startTag);
  if (start.tagId === stop.tagId) return null;
  const group = start.parentTagId;
  if (group !== null && (group === stop.parentTagId || group === stop.tagId)) return null;
  return `stopped by tag ${presented}, outside the group of start tag ${startTag}`;
}
