import type { Database } from '../database.ts';
import { InvalidInputError } from '../errors.ts';
import type { ChargePointRecord } from '../repositories/charge-points.ts';
import { assertChargePointId } from '../repositories/support.ts';
import type { SecretKey } from '../secrets/secret-key.ts';
import { assertStationPassword, hashStationPassword } from '../secrets/station-password.ts';
import { formatCsv } from './fleet-csv.ts';
import { importFleetCsv, parseBoolean, parseText, parseWhole, type FleetColumnSpec, type FleetTableSpec, type ImportMode, type ImportReport } from './fleet-import.ts';

const count = parseWhole(0);

const COLUMNS: readonly FleetColumnSpec<ChargePointRecord>[] = [
  { csv: 'name', column: 'name', type: 'text', onNull: 'keep', requiredForNew: true, parse: parseText(100), export: (r) => r.name },
  { csv: 'comment', column: 'comment', type: 'text', onNull: 'set', parse: parseText(500), export: (r) => r.comment },
  {
    csv: 'basicAuthPassword',
    column: 'basic_auth_password_hash', type: 'text',
    onNull: 'keep',
    parse: (text) => {
      assertStationPassword(text);
      return text;
    },
    // never exported: only its keyed hash is stored
    export: () => null,
  },
  { csv: 'clientCertThumbprint', column: 'client_cert_thumbprint', type: 'text', onNull: 'set', parse: parseText(128), export: (r) => r.clientCertThumbprint },
  { csv: 'securityProfile', column: 'security_profile', type: 'int', onNull: 'keep', defaultValue: 0, parse: parseWhole(0, 3), export: (r) => r.securityProfile },
  { csv: 'heartbeatInterval', column: 'heartbeat_interval', type: 'int', onNull: 'keep', defaultValue: 300, parse: parseWhole(1, 86_400), export: (r) => r.heartbeatInterval },
  { csv: 'lenient', column: 'lenient', type: 'boolean', onNull: 'keep', defaultValue: false, parse: parseBoolean, export: (r) => r.lenient },
  { csv: 'registrationStatus', column: 'registration_status', type: 'text', onNull: 'keep', defaultValue: 'Accepted', parse: parseText(20, ['Accepted', 'Pending']), export: (r) => r.registrationStatus },
  {
    csv: 'currency',
    column: 'currency', type: 'text',
    onNull: 'keep',
    defaultValue: 'EUR',
    parse: (text) => {
      const code = text.toUpperCase();
      if (!/^[A-Z]{3}$/.test(code)) throw new InvalidInputError('an ISO 4217 code such as EUR');
      return code;
    },
    export: (r) => r.pricing.currency,
  },
  { csv: 'pricePerMwhMinor', column: 'price_per_mwh_minor', type: 'int', onNull: 'keep', defaultValue: 0, parse: count, export: (r) => r.pricing.pricePerMwhMinor },
  { csv: 'maxEnergyWh', column: 'max_energy_wh', type: 'int', onNull: 'set', parse: count, export: (r) => r.pricing.maxEnergyWh },
  { csv: 'sessionFeeMinor', column: 'session_fee_minor', type: 'int', onNull: 'keep', defaultValue: 0, parse: count, export: (r) => r.pricing.sessionFeeMinor },
  { csv: 'usageFeePerMinuteMinor', column: 'usage_fee_per_minute_minor', type: 'int', onNull: 'keep', defaultValue: 0, parse: count, export: (r) => r.pricing.usageFeePerMinuteMinor },
  { csv: 'freeMinutes', column: 'free_minutes', type: 'int', onNull: 'keep', defaultValue: 0, parse: count, export: (r) => r.pricing.freeMinutes },
  { csv: 'maxBillableMinutes', column: 'max_billable_minutes', type: 'int', onNull: 'set', parse: count, export: (r) => r.pricing.maxBillableMinutes },
  {
    csv: 'usageFeeFrom',
    column: 'usage_fee_from', type: 'text',
    onNull: 'keep',
    defaultValue: 'sessionStart',
    parse: parseText(20, ['sessionStart', 'chargingEnd']),
    export: (r) => r.pricing.usageFeeFrom,
  },
  { csv: 'freeCharging', column: 'free_charging', type: 'boolean', onNull: 'keep', defaultValue: false, parse: parseBoolean, export: (r) => r.pricing.freeCharging },
];

/** The columns of a charge point CSV file, in the order the export writes them. */
export const CHARGE_POINT_CSV_COLUMNS: readonly string[] = ['id', ...COLUMNS.map((c) => c.csv)];

function spec(secretKey: SecretKey): FleetTableSpec<ChargePointRecord> {
  return {
    table: 'charge_point',
    keyCsv: 'id',
    validateKey: assertChargePointId,
    columns: COLUMNS,
    restore: true,
    noun: 'charge point',
    finish: (id, values) => {
      const password = values.get('basicAuthPassword');
      if (typeof password === 'string') values.set('basicAuthPassword', hashStationPassword(secretKey, id, password));
    },
  };
}

/**
 * Imports charge points from CSV (`id` and the columns of {@link CHARGE_POINT_CSV_COLUMNS}, any subset and order):
 * new stations are added, existing ones changed in the columns the file has (`mode: 'upsert'`, the default), or
 * the file is refused when any exists (`create`). A soft-deleted station is restored. `basicAuthPassword` (16–40
 * characters) is stored as its keyed hash; an empty cell keeps an existing password.
 */
export function importChargePointsCsv(db: Database, csv: string, options: { secretKey: SecretKey; mode?: ImportMode; now?: Date }): Promise<ImportReport> {
  return importFleetCsv(db, spec(options.secretKey), csv, options);
}

/** Every charge point (not deleted) as CSV that {@link importChargePointsCsv} takes back; passwords stay out. */
export async function exportChargePointsCsv(db: Database): Promise<string> {
  const stations = await db.chargePoints.list();
  return formatCsv(CHARGE_POINT_CSV_COLUMNS, stations.map((cp) => [cp.id, ...COLUMNS.map((c) => c.export(cp))]));
}
