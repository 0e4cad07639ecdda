#!/usr/bin/env node
// `npm test`: every check and every test, on SQLite and (when TEST_POSTGRES_URL is set) the DB and system suites again on
// PostgreSQL. Ends with one line `N passed, N failed`; a skipped or todo test, a failed hook, a file that did not load,
// an unhandled error and a missing component are all failures (see vitest-report.mjs).
//
// `npm test -- <vitest filters>` runs only vitest with those filters (no type check or lint).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { figuresMarkdown } from './figures.mjs';
import { countVitestRun } from './vitest-report.mjs';
import { assertNodeVersion, ensureNodeModules, REPO_ROOT, registerTypeScript } from './bootstrap.mjs';

process.chdir(REPO_ROOT);
assertNodeVersion();
ensureNodeModules();
await registerTypeScript();
const { ensureTool, STRIPE_MOCK, TEMPORAL_CLI } = await import('@csms/temporal/tools');
const binaries = { TEMPORAL_CLI_PATH: await ensureTool(TEMPORAL_CLI), STRIPE_MOCK_PATH: await ensureTool(STRIPE_MOCK) };

// Reports and figures of this run (the runner's own test points a nested run elsewhere).
const RESULTS = process.env.CSMS_TEST_RESULTS_DIR || join(REPO_ROOT, '.test-results');
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });
const totals = { passed: 0, failed: 0 };
const failures = [];

function run(label, command, args, env = process.env) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status === 0;
}

/** A check that is not a vitest test (type check, lint) counts as one test. */
function check(label, command, args) {
  if (run(label, command, args)) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(label);
  }
}

/** Runs vitest with a JSON report and adds its counts (see vitest-report.mjs: whatever did not pass failed). */
function vitest(label, args, env) {
  const report = join(RESULTS, `${label.replace(/\W+/g, '-')}.json`);
  const errorsFile = join(RESULTS, `${label.replace(/\W+/g, '-')}.errors.json`);
  console.log(`\n=== ${label}: vitest run ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [
    join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
    `--reporter=${join(REPO_ROOT, 'scripts/vitest-errors-reporter.mjs')}`, ...args,
  ], { stdio: 'inherit', env: { ...env, CSMS_VITEST_ERRORS_FILE: errorsFile } });
  const json = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null;
  const errors = existsSync(errorsFile) ? JSON.parse(readFileSync(errorsFile, 'utf8')) : null;
  const count = countVitestRun(label, json, result.status, errors);
  totals.passed += count.passed;
  totals.failed += count.failed;
  failures.push(...count.failures);
}

/** A component the run needs that is not there: one failure with the reason. */
function missing(what) {
  totals.failed += 1;
  failures.push(`missing: ${what}`);
}

const filters = process.argv.slice(2);
/**
 * What reruns on PostgreSQL: the repository suites and every system-level suite (gateway, worker, web, sessions,
 * commands, browser flows, the start command). The simulators' and the tool installer's own suites touch no database.
 */
const POSTGRES_SUITES = ['.db.test.ts', '.int.test.ts', '--exclude', 'simulators/**', '--exclude', 'temporal/**'];
// With filters the PostgreSQL pass runs what the filters select; without, the suites above.
const postgresArgs = filters.length > 0 ? filters : POSTGRES_SUITES;
const { TEST_POSTGRES_URL, ...sqliteEnv } = process.env;
const baseEnv = { ...sqliteEnv, ...binaries };

if (filters.length === 0) {
  check('typecheck', process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
  // svelte-check first: its `svelte-kit sync` writes web/.svelte-kit/tsconfig.json, which eslint's parser reads
  check('web check', 'npm', ['run', '--silent', 'check', '-w', '@csms/web']);
  check('lint', process.execPath, [join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js'), '.']);
}
vitest('vitest (SQLite)', filters, baseEnv);
if (TEST_POSTGRES_URL) {
  vitest('vitest on PostgreSQL', postgresArgs, { ...baseEnv, TEST_POSTGRES_URL });
} else if (process.env.CI) {
  // CI installs and starts PostgreSQL (.ci/run); a run there without it has silently lost half its coverage.
  missing('TEST_POSTGRES_URL is not set in CI: the PostgreSQL pass did not run');
} else {
  console.log('\nTEST_POSTGRES_URL is not set: the suites ran on SQLite only.');
}

if (filters.length === 0) console.log(`\n=== figures\n${figuresMarkdown(RESULTS, 'this run')}`);
console.log('');
for (const failure of failures) console.log(`FAILED: ${failure}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
