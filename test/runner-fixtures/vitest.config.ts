import { defineConfig } from 'vitest/config';

/** Fixture suites for `test/runner.test.ts`: each one breaks a run in a way the runner must count as a failure. */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.fixture.ts'],
    hookTimeout: 500,
    pool: 'forks',
  },
});
