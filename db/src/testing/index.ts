/** Test helpers for the packages that use `@csms/db`. */
export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './test-database.ts';
