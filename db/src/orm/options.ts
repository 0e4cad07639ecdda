import type { Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DatabaseLocation } from '../database-url.ts';
import { ALL_ENTITIES } from '../entities/index.ts';
import { postgresqlMigrations } from '../migrations/postgresql/index.ts';
import { sqliteMigrations } from '../migrations/sqlite/index.ts';
import { CsmsSqliteDriver } from './sqlite-driver.ts';

/** The name of the table in which the migrator records applied migrations. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** MikroORM options for one dialect: entities, committed migrations, UTC times, no global context. */
export function ormOptions(location: DatabaseLocation, extra: { poolMax?: number } = {}): Options {
  const common = {
    entities: ALL_ENTITIES,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    ensureDatabase: false,
    debug: false,
    discovery: { warnWhenNoEntities: false },
  } satisfies Options;
  if (location.dialect === 'sqlite') {
    return {
      ...common,
      driver: CsmsSqliteDriver,
      dbName: location.path,
      migrations: { tableName: MIGRATIONS_TABLE, migrationsList: sqliteMigrations, snapshot: false, transactional: true, silent: true },
    } as Options;
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: location.url,
    pool: { min: 0, max: extra.poolMax ?? 10 },
    migrations: { tableName: MIGRATIONS_TABLE, migrationsList: postgresqlMigrations, snapshot: false, transactional: true, silent: true },
  } as Options;
}
