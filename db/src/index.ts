/**
 * `@csms/db`: the central system's persistence. Open a database from a URL, use the repositories (plain data in,
 * plain data out, one unit of work per call or per `transaction`), and run migrations and retention.
 */
export { openDatabase, type Database, type OpenDatabaseOptions } from './database.ts';
export { databaseUrlFromEnv, parseDatabaseUrl, type DatabaseLocation } from './database-url.ts';
export { migrateDatabase, pendingMigrations, type MigrationReport } from './migrate.ts';
export { applyRetention, type RetentionReport, type RetentionSettings } from './retention.ts';
export * from './errors.ts';
export { characterCount } from './text-length.ts';
export type { Repositories } from './repositories/index.ts';
export type { AdmissionRow, BulkWriteRepository, OpenTransactionRow } from './bulk/bulk-writes.ts';
export type { OutboxRow } from './bulk/outbox-rows.ts';
export type { BootRow, ConnectRow, DisconnectRow } from './bulk/station-rows.ts';
export type { ConnectorMeterRow, ConnectorStatusRow, TransactionReadingRow } from './bulk/connector-rows.ts';
export { CHARGE_POINT_CSV_COLUMNS, exportChargePointsCsv, importChargePointsCsv } from './fleet/charge-point-csv.ts';
export { CHARGE_TAG_CSV_COLUMNS, exportChargeTagsCsv, importChargeTagsCsv } from './fleet/charge-tag-csv.ts';
export { MAX_IMPORT_ROWS } from './fleet/fleet-csv.ts';
export type { ImportMode, ImportReport } from './fleet/fleet-import.ts';
export * from './repositories/charge-points.ts';
export * from './repositories/list-query.ts';
export * from './repositories/connectors.ts';
export * from './repositories/fleet-overview.ts';
export * from './repositories/charge-tags.ts';
export { judgeTag, type TagDecision } from './repositories/tag-decision.ts';
export * from './repositories/transactions.ts';
export * from './repositories/meter-samples.ts';
export * from './repositories/message-log.ts';
export * from './repositories/message-log-level.ts';
export * from './repositories/payments.ts';
export * from './repositories/connector-offer.ts';
export * from './repositories/webhook-events.ts';
export * from './repositories/users.ts';
export * from './repositories/api-tokens.ts';
export * from './repositories/outbox.ts';
export * from './repositories/session-intents.ts';
export * from './repositories/reservations.ts';
export * from './repositories/security-events.ts';
export * from './repositories/alerts.ts';
export * from './repositories/command-failures.ts';
export * from './repositories/web-sessions.ts';
export * from './repositories/station-files.ts';
export * from './repositories/gateway-nodes.ts';
export * from './repositories/charging-profiles.ts';
export * from './repositories/local-lists.ts';
export * from './repositories/local-list-entries.ts';
export { loadSecretKey, MIN_SECRET_KEY_LENGTH, type SecretKey, type SecretKeyOptions } from './secrets/secret-key.ts';
export {
  assertStationPassword,
  hashStationPassword,
  STATION_PASSWORD_MAX_LENGTH,
  STATION_PASSWORD_MIN_LENGTH,
  verifyStationPassword,
} from './secrets/station-password.ts';
export { generatePassword, hashUserPassword, verifyUserPassword } from './secrets/user-password.ts';
export { generateApiToken, hashApiToken } from './secrets/api-token.ts';
export { verifyWebPaymentsTotp, webPaymentsSecret, webPaymentsTotp, type TotpParameters, type TotpVerdict } from './secrets/web-payments.ts';
export { isSealedSecret, openSealedSecret, SEALED_SECRET_PREFIX, sealSecret, type SealedSecretScope } from './secrets/command-secret.ts';
