import type { TransactionDeps } from './transaction-deps.ts';
import type { TagDecision } from '../station/tag-authorizer.ts';

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
 * Whether `tagId` already has an open transaction (OCPP.Core's optional ConcurrentTx rule, `OCPP_DENY_CONCURRENT_TX`),
 * other than the one with `exceptStartKey` (a resent start must not collide with itself).
 */
export async function hasConcurrentTx(deps: TransactionDeps, tagId: string, exceptStartKey: string, exceptStation: string): Promise<boolean> {
  if (!deps.settings.denyConcurrentTx) return false;
  const open = await deps.db.transactions.list({ tag: tagId, open: true, limit: 5 });
  const mine = await deps.db.transactions.findByStartKey(exceptStation, exceptStartKey);
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
