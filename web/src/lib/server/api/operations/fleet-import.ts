import { z } from 'zod';
import { CHARGE_POINT_CSV_COLUMNS, CHARGE_TAG_CSV_COLUMNS, importChargePointsCsv, importChargeTagsCsv, MAX_IMPORT_ROWS } from '@csms/db';
import { defineOperation } from '../operation.ts';

/** A fleet file: at most 10,000 rows of some 200 bytes, with room to spare. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

const body = z.object({ csv: z.string().min(1).describe('the CSV file (or send it as the body with Content-Type: text/csv)') });
const query = z.object({
  mode: z.enum(['upsert', 'create']).default('upsert').describe('upsert: add new rows and change existing ones; create: refuse the file if any row exists'),
});
const report = z.object({
  rows: z.number().int().describe('data rows in the file'),
  created: z.number().int(),
  updated: z.number().int(),
});
const rules =
  `The first line names the columns, in any order; only the key column is required. Separator \`,\`, \`;\` or tab, ` +
  `RFC 4180 quoting, UTF-8 (a byte order mark is fine), at most ${MAX_IMPORT_ROWS} rows. Columns absent from the file ` +
  'stay as they are on existing rows. The file is checked whole before anything is written: the first bad cell refuses ' +
  'it with `400` naming its line and column, and nothing is stored. The export of the list (`format=csv`) is a file ' +
  'this import takes back.';

/** `POST /api/v1/imports/charge-points`. */
export const importChargePoints = defineOperation({
  operationId: 'importChargePoints',
  method: 'POST',
  path: '/api/v1/imports/charge-points',
  tag: 'charge-points',
  summary: 'Add or change many stations from a CSV file',
  description:
    `Columns: ${CHARGE_POINT_CSV_COLUMNS.map((c) => `\`${c}\``).join(', ')}. A new station needs \`name\`. ` +
    '`basicAuthPassword` (16–40 characters) is stored as its keyed hash; an empty cell keeps the password a station ' +
    `has. A deleted station is restored. ${rules}`,
  role: 'admin',
  errors: [409],
  csvBody: true,
  maxBodyBytes: MAX_FILE_BYTES,
  query,
  body,
  response: report,
  handle: ({ body, query, services }) => importChargePointsCsv(services.db, body.csv, { mode: query.mode, secretKey: services.secretKey }),
});

/** `POST /api/v1/imports/charge-tags`. */
export const importChargeTags = defineOperation({
  operationId: 'importChargeTags',
  method: 'POST',
  path: '/api/v1/imports/charge-tags',
  tag: 'charge-tags',
  summary: 'Add or change many charge tags from a CSV file',
  description:
    `Columns: ${CHARGE_TAG_CSV_COLUMNS.map((c) => `\`${c}\``).join(', ')}. A new tag needs \`name\`. \`expiresAt\` is a ` +
    `date (valid through that day, UTC) or an ISO 8601 time with offset; \`blocked\` is true or false. ${rules}`,
  role: 'admin',
  errors: [409],
  csvBody: true,
  maxBodyBytes: MAX_FILE_BYTES,
  query,
  body,
  response: report,
  handle: ({ body, query, services }) => importChargeTagsCsv(services.db, body.csv, { mode: query.mode }),
});
