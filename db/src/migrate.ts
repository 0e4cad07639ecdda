import { Migrator } from '@mikro-orm/migrations';
import type { Database } from './database.ts';
import { ormOf } from './orm/registry.ts';

/** What {@link migrateDatabase} did. */
export interface MigrationReport {
  /** Names of the migrations applied now, oldest first; empty when the schema was current. */
  readonly applied: string[];
}

/**
 * Applies the committed migrations of the database's dialect that are not applied yet. Idempotent, and cheap when
 * nothing is pending (one query on the migrations table).
 */
export async function migrateDatabase(database: Database): Promise<MigrationReport> {
  const migrator = new Migrator(ormOf(database).em);
  const pending = await migrator.getPendingMigrations();
  if (pending.length === 0) return { applied: [] };
  const applied = await migrator.up();
  return { applied: applied.map((migration) => migration.name) };
}

/** Names of the committed migrations not applied to the database yet. */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const migrator = new Migrator(ormOf(database).em);
  return (await migrator.getPendingMigrations()).map((migration) => migration.name);
}
