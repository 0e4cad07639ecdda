import { CHARGE_TAG_SORTS, type ChargeTagRecord, type ChargeTagSort } from '@csms/db';
import { z } from 'zod';
import type { CsvCell } from '../csv.ts';
import { parseListParams, type ListParams } from './list-params.ts';

/** The tag list's query from its URL (page and CSV export read the same parameters). */
export function tagListParams(url: URL): ListParams<ChargeTagSort> {
  return parseListParams(url, { sorts: CHARGE_TAG_SORTS, defaultSort: 'tagId' });
}

/** A tag as the list shows it. */
export interface TagListRow {
  readonly tagId: string;
  readonly name: string;
  readonly parentTagId: string | null;
  readonly expiresAt: string | null;
  readonly blocked: boolean;
}

/** The list's row of a tag (times as ISO text). */
export function tagListRow(tag: ChargeTagRecord): TagListRow {
  return { tagId: tag.tagId, name: tag.name, parentTagId: tag.parentTagId, expiresAt: tag.expiresAt?.toISOString() ?? null, blocked: tag.blocked };
}

/** The CSV columns of the tag list. */
export const TAG_CSV_HEADER = ['tagId', 'name', 'parentTagId', 'expiresAt', 'blocked'] as const;

/** A tag's CSV cells, in {@link TAG_CSV_HEADER} order. */
export function tagCsvCells(tag: ChargeTagRecord): CsvCell[] {
  return [tag.tagId, tag.name, tag.parentTagId, tag.expiresAt, tag.blocked ? 'yes' : 'no'];
}

/** The most tags one group assignment changes. */
export const MAX_GROUP_TAGS = 1000;

/** The form that puts selected tags into a group (an empty group removes them from theirs). */
export const tagGroupForm = z.object({
  ids: z.array(z.string().min(1).max(36)).min(1).max(MAX_GROUP_TAGS),
  group: z.string().trim().max(36).transform((group) => (group === '' ? null : group)),
});
