import type { Database } from '../database.ts';
import { InvalidInputError } from '../errors.ts';
import type { ChargeTagRecord } from '../repositories/charge-tags.ts';
import { assertTagId } from '../repositories/support.ts';
import { formatCsv } from './fleet-csv.ts';
import { importFleetCsv, parseBoolean, parseText, type FleetColumnSpec, type FleetTableSpec, type ImportMode, type ImportReport } from './fleet-import.ts';

/** An expiry: a date (valid through that day, UTC, as `csms-db tag add --expires`) or an ISO 8601 time with offset. */
function parseExpiry(text: string): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const at = new Date(day ? `${text}T23:59:59.999Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) || Number.isNaN(at.getTime()) || (day && at.toISOString().slice(0, 10) !== text)) {
    throw new InvalidInputError('a date (2027-12-31: valid through that day) or an ISO 8601 time with offset (2027-12-31T23:59:59Z)');
  }
  return at;
}

const COLUMNS: readonly FleetColumnSpec<ChargeTagRecord>[] = [
  { csv: 'name', column: 'name', type: 'text', onNull: 'keep', requiredForNew: true, parse: parseText(100), export: (r) => r.name },
  {
    csv: 'parentTagId',
    column: 'parent_tag_id', type: 'text',
    onNull: 'set',
    parse: (text) => {
      assertTagId(text);
      return text;
    },
    export: (r) => r.parentTagId,
  },
  { csv: 'expiresAt', column: 'expires_at', type: 'timestamptz', onNull: 'set', parse: parseExpiry, export: (r) => r.expiresAt?.toISOString() ?? null },
  { csv: 'blocked', column: 'blocked', type: 'boolean', onNull: 'keep', defaultValue: false, parse: parseBoolean, export: (r) => r.blocked },
  { csv: 'tokenType', column: 'token_type', type: 'text', onNull: 'set', parse: parseText(20), export: (r) => r.tokenType },
];

/** The columns of a charge tag CSV file, in the order the export writes them. */
export const CHARGE_TAG_CSV_COLUMNS: readonly string[] = ['tagId', ...COLUMNS.map((c) => c.csv)];

const SPEC: FleetTableSpec<ChargeTagRecord> = { table: 'charge_tag', keyCsv: 'tagId', validateKey: assertTagId, columns: COLUMNS, restore: false, noun: 'tag' };

/**
 * Imports charge tags from CSV (`tagId` and the columns of {@link CHARGE_TAG_CSV_COLUMNS}): new tags are added,
 * existing ones changed in the columns the file has (`upsert`, the default), or the file is refused when any exists
 * (`create`). `parentTagId` is the group; it need not exist as a tag of its own.
 */
export function importChargeTagsCsv(db: Database, csv: string, options: { mode?: ImportMode; now?: Date } = {}): Promise<ImportReport> {
  return importFleetCsv(db, SPEC, csv, options);
}

/** Every charge tag as CSV that {@link importChargeTagsCsv} takes back. */
export async function exportChargeTagsCsv(db: Database): Promise<string> {
  const tags = await db.chargeTags.list();
  return formatCsv(CHARGE_TAG_CSV_COLUMNS, tags.map((tag) => [tag.tagId, ...COLUMNS.map((c) => c.export(tag))]));
}
