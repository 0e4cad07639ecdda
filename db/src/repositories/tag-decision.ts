import type { ChargeTagRecord } from './charge-tags.ts';

/** A verdict on an idTag / idToken, in OCPP 1.6 status names (`Invalid` = unknown; 2.x answers `Unknown`). */
export interface TagDecision {
  readonly status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';
  /** The tag id the verdict is about: the one that matched, or the presented one when unknown. */
  readonly tagId: string;
  /** The group (OCPP 1.6 `parentIdTag`, 2.x `groupIdToken`). */
  readonly parentTagId: string | null;
  readonly expiresAt: Date | null;
}

/**
 * The one authorization rule: unknown (`record` null) → Invalid, blocked → Blocked, expiry at or before `at` →
 * Expired, else Accepted; every known tag keeps its group and expiry. `tagId` names the tag the verdict is about.
 */
export function judgeTag(tagId: string, record: ChargeTagRecord | null, at: Date): TagDecision {
  if (record === null) return { status: 'Invalid', tagId, parentTagId: null, expiresAt: null };
  const { parentTagId, expiresAt } = record;
  if (record.blocked) return { status: 'Blocked', tagId, parentTagId, expiresAt };
  if (expiresAt !== null && expiresAt.getTime() <= at.getTime()) return { status: 'Expired', tagId, parentTagId, expiresAt };
  return { status: 'Accepted', tagId, parentTagId, expiresAt };
}
