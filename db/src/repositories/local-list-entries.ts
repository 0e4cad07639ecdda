import type { LocalListEntryData } from '../entities/local-list-state.entity.ts';
import type { ChargeTagRecord } from './charge-tags.ts';

/** One entry of a local authorization list (OCPP 1.6 AuthorizationData); without `idTagInfo` it removes the tag. */
export type LocalListEntry = LocalListEntryData;

/** The 1.6 `idTagInfo` a station should hold for `tag` at `now`: Blocked, Expired or Accepted, with expiry and group. */
export function localListEntryOf(tag: ChargeTagRecord, now: Date): LocalListEntry {
  const status = tag.blocked ? 'Blocked' : tag.expiresAt && tag.expiresAt.getTime() <= now.getTime() ? 'Expired' : 'Accepted';
  return {
    idTag: tag.tagId,
    idTagInfo: {
      status,
      ...(tag.expiresAt ? { expiryDate: tag.expiresAt.toISOString() } : {}),
      ...(tag.parentTagId ? { parentIdTag: tag.parentTagId } : {}),
    },
  };
}

function sameInfo(a: LocalListEntry['idTagInfo'], b: LocalListEntry['idTagInfo']): boolean {
  return a?.status === b?.status && a?.expiryDate === b?.expiryDate && a?.parentIdTag === b?.parentIdTag;
}

/**
 * The differential update that turns `held` into `desired`: new and changed tags with their `idTagInfo`, tags no
 * longer wanted without it (1.6 §5.15: an entry without idTagInfo is deleted). Sorted by tag, so equal lists give `[]`.
 */
export function localListDiff(held: readonly LocalListEntry[], desired: readonly LocalListEntry[]): LocalListEntry[] {
  const before = new Map(held.map((entry) => [entry.idTag, entry]));
  const after = new Map(desired.map((entry) => [entry.idTag, entry]));
  const changes: LocalListEntry[] = [];
  for (const entry of desired) {
    const old = before.get(entry.idTag);
    if (!old || !sameInfo(old.idTagInfo, entry.idTagInfo)) changes.push(entry);
  }
  for (const entry of held) if (!after.has(entry.idTag)) changes.push({ idTag: entry.idTag });
  return changes.sort((a, b) => (a.idTag < b.idTag ? -1 : a.idTag > b.idTag ? 1 : 0));
}

/** The list a station holds after applying `update` to `held` (Full: replaced; Differential: upserts and removals). */
export function applyLocalListUpdate(
  held: readonly LocalListEntry[],
  updateType: 'Full' | 'Differential',
  entries: readonly LocalListEntry[],
): LocalListEntry[] {
  const list = new Map(updateType === 'Full' ? [] : held.map((entry) => [entry.idTag, entry]));
  for (const entry of entries) {
    if (entry.idTagInfo) list.set(entry.idTag, entry);
    else list.delete(entry.idTag);
  }
  return [...list.values()].sort((a, b) => (a.idTag < b.idTag ? -1 : a.idTag > b.idTag ? 1 : 0));
}
