/**
 * Writes a migration for each dialect from the difference between the entities and the schema the committed
 * migrations produce, and rewrites each dialect's migration index.
 *
 *   TEST_POSTGRES_URL=postgres://csms:csms@127.0.0.1:5432/csms_test node --import tsx db/src/tools/make-migration.ts <name>
 */
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { ormOf } from '../orm/registry.ts';
import { createTestDatabase } from '../testing/index.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../migrations');

async function writeIndex(dialect: 'sqlite' | 'postgresql'): Promise<void> {
  const dir = join(MIGRATIONS, dialect);
  const names = (await readdir(dir))
    .filter((file) => /^Migration\d+.*\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  const lines = [
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((name) => `import { ${name} } from './${name}.ts';`),
    '',
    `/** The committed ${dialect} migrations, oldest first (listed explicitly so no file-system discovery is needed). */`,
    `export const ${dialect}Migrations: MigrationObject[] = [`,
    ...names.map((name) => `  { name: '${name}', class: ${name} },`),
    '];',
    '',
  ];
  await writeFile(join(dir, 'index.ts'), lines.join('\n'));
}

async function generate(dialect: 'sqlite' | 'postgresql', name: string): Promise<void> {
  const database = await createTestDatabase();
  try {
    if (database.dialect !== dialect) throw new Error(`expected a ${dialect} test database`);
    const migrator = new Migrator(ormOf(database).em);
    const result = await migrator.createMigration(join(MIGRATIONS, dialect), false, false, name);
    console.log(result.diff.up.length === 0 ? `${dialect}: schema is current` : `${dialect}: wrote ${result.fileName}`);
  } finally {
    await database.close();
  }
  await writeIndex(dialect);
}

const name = process.argv[2];
const postgresUrl = process.env.TEST_POSTGRES_URL;
if (!name || !postgresUrl) {
  console.error('usage: TEST_POSTGRES_URL=postgres://… node --import tsx db/src/tools/make-migration.ts <name>');
  process.exit(1);
}
delete process.env.TEST_POSTGRES_URL;
await generate('sqlite', name);
process.env.TEST_POSTGRES_URL = postgresUrl;
await generate('postgresql', name);
