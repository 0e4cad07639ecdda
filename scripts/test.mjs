#!/usr/bin/env node
// `npm test`: every check and every test, on SQLite and (when TEST_POSTGRES_URL is set) the DB suites again on
// PostgreSQL. Ends with one line `N passed, N failed` (skipped tests are reported, never counted as passed).
//
// `npm test -- <vitest filters>` runs only vitest with those filters (no type check or lint).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assertNodeVersion, ensureNodeModules, REPO_ROOT, registerTypeScript } from './bootstrap.mjs';

process.chdir(REPO_ROOT);
assertNodeVersion();
ensureNodeModules();
await registerTypeScript();
const { ensureTool, STRIPE_MOCK, TEMPORAL_CLI } = await import('@csms/temporal/tools');
const binaries = { TEMPORAL_CLI_PATH: await ensureTool(TEMPORAL_CLI), STRIPE_MOCK_PATH: await ensureTool(STRIPE_MOCK) };

const RESULTS = join(REPO_ROOT, '.test-results');
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
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

/** Runs vitest with a JSON report and adds its counts; a run that crashed without a report counts as one failure. */
function vitest(label, args, env) {
  const report = join(RESULTS, `${label.replace(/\W+/g, '-')}.json`);
  const ok = run(label, process.execPath, [
    join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args,
  ], env);
  if (!existsSync(report)) {
    totals.failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += json.numPassedTests;
  totals.failed += json.numFailedTests;
  totals.skipped += json.numPendingTests + json.numTodoTests;
  // a file that failed to load has no tests but must not vanish from the count
  for (const file of json.testResults) {
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      totals.failed += 1;
      failures.push(`${label}: ${file.name}`);
    }
  }
  if (json.numFailedTests > 0) failures.push(`${label}: ${json.numFailedTests} failed`);
  if (!ok && json.numFailedTests === 0 && json.numFailedTestSuites === 0) {
    totals.failed += 1;
    failures.push(`${label} (exited non-zero)`);
  }
}

const filters = process.argv.slice(2);
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
  vitest('vitest DB suites (PostgreSQL)', ['--passWithNoTests', '.db.test.ts', ...filters], {
    ...baseEnv,
    TEST_POSTGRES_URL,
    CSMS_TEST_NO_TEMPORAL: '1',
  });
} else {
  console.log('\nTEST_POSTGRES_URL is not set: the DB suites ran on SQLite only.');
}

console.log('');
if (totals.skipped > 0) console.log(`${totals.skipped} skipped`);
for (const failure of failures) console.log(`FAILED: ${failure}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
