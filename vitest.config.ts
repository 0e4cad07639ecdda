import { defineConfig } from 'vitest/config';

/**
 * One suite for the whole repository.
 *
 * - `*.test.ts` beside the code: unit tests (real in-memory SQLite where a DB is needed).
 * - `*.int.test.ts`: integration tests against real sockets and a real Temporal dev server, which the global setup
 *   starts once on a free port and hands to the tests through `inject('temporalAddress')`.
 * - `*.db.test.ts`: repository suites; `scripts/test.mjs` reruns them on PostgreSQL when `TEST_POSTGRES_URL` is set.
 */
export default defineConfig({
  test: {
    include: ['{temporal,db,workflows,workers,gateway,simulators,web}/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/.svelte-kit/**', 'web/build/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-temporal-runtime.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
