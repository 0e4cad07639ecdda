// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node built-ins are banned inside the workflow sandbox (DESIGN.md §7), as are the DB, Stripe and the client. */
const nodeBuiltins = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream',
  'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '.tools/**', 'data/**', 'web/.svelte-kit/**', 'web/build/**', '*/dist/**', '*/.build-test/**', '**/*.svelte'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/src/**/*.ts'],
    ignores: ['workflows/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'Workflow code runs in the deterministic sandbox: no Node built-ins.' },
              { name: `node:${name}`, message: 'Workflow code runs in the deterministic sandbox: no Node built-ins.' },
            ]),
            { name: '@csms/db', message: 'Workflows reach the database only through activities.' },
            { name: 'stripe', message: 'Workflows reach Stripe only through activities.' },
            { name: '@temporalio/client', message: 'Use @temporalio/workflow APIs inside workflows.' },
            { name: '@temporalio/activity', message: 'Activities live in @csms/workers.' },
            { name: '@csms/temporal/tools', message: 'Dev tooling uses Node built-ins.' },
            { name: '@csms/temporal/runtime', message: 'The Temporal runtime is for worker processes.' },
          ],
          patterns: [{ group: ['@mikro-orm/*'], message: 'Workflows reach the database only through activities.' }],
        },
      ],
    },
  },
);
