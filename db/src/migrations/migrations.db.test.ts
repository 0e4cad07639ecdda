import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, pendingMigrations } from '../migrate.ts';
import { ormOf } from '../orm/registry.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

describe('committed migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.close());

  it('migrate an empty database to exactly the schema the entities describe', async () => {
    expect(await pendingMigrations(db)).not.toHaveLength(0);
    const first = await migrateDatabase(db);
    expect(first.applied.length).toBeGreaterThan(0);
    const diff = await ormOf(db).schema.getUpdateSchemaSQL({ wrap: false, safe: false });
    expect(diff.trim()).toBe('');
  });

  it('are idempotent: a second run applies nothing', async () => {
    expect(await migrateDatabase(db)).toEqual({ applied: [] });
    expect(await pendingMigrations(db)).toEqual([]);
  });

  it('answer the health check', async () => {
    expect(await db.ping()).toBe(true);
  });
});
