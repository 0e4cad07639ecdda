import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/system.ts';

interface RunnerResult {
  readonly code: number | null;
  readonly summary: string;
  readonly failures: string[];
}

/** Runs the real `npm test` script on one fixture suite, in a results folder of its own. */
async function runRunner(fixture: string): Promise<RunnerResult> {
  const results = await mkdtemp(join(tmpdir(), 'csms-runner-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CSMS_TEST_RESULTS_DIR: results };
  // the nested run must not try a PostgreSQL pass or apply CI's rules: only the fixture is under test
  delete env.TEST_POSTGRES_URL;
  delete env.CI;
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  delete env.NODE_ENV;
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'scripts/test.mjs'), '--config', 'test/runner-fixtures/vitest.config.ts', fixture],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  await rm(results, { recursive: true, force: true });
  const lines = output.trimEnd().split('\n');
  return { code, summary: lines.at(-1) ?? '', failures: lines.filter((line) => line.startsWith('FAILED: ')) };
}

// Each fixture breaks a run the way a real suite can; the runner must end red, with the cause named.
const broken: ReadonlyArray<readonly [fixture: string, cause: RegExp]> = [
  ['before-all-throws.fixture.ts', /did not run \(skipped\)/],
  ['before-all-times-out.fixture.ts', /did not run \(skipped\)/],
  ['after-all-throws.fixture.ts', /failed outside its tests: .*teardown failed/],
  // vitest's JSON report has no message for a hook inside a describe: scripts/vitest-errors-reporter.mjs supplies it
  ['after-all-in-describe-throws.fixture.ts', /failed outside its tests: a suite: suite teardown failed/],
  ['skipped.fixture.ts', /is skipped did not run \(skipped\)/],
  ['todo.fixture.ts', /is not written yet did not run \(todo\)/],
  ['import-fails.fixture.ts', /failed outside its tests/],
  ['unhandled-rejection.fixture.ts', /vitest exited with 1 \(unhandled: lost\)/],
  // the assertion and the lines its diff changed, which vitest's JSON report leaves out
  ['fails.fixture.ts', /fails failed: expected .* to match object .* \| - "disconnects": 0, \| \+ "disconnects": 1,/],
];

describe.concurrent('the test runner (scripts/test.mjs) counts every way a suite can go wrong as a failure', () => {
  it.each(broken)('%s makes the run fail', async (fixture, cause) => {
    const result = await runRunner(fixture);
    expect(result.code).toBe(1);
    expect(result.summary).toMatch(/^\d+ passed, [1-9]\d* failed$/);
    expect(result.failures.join('\n')).toMatch(cause);
  });

  it('a suite that passes makes the run pass', async () => {
    const result = await runRunner('passes.fixture.ts');
    expect(result).toEqual({ code: 0, summary: '1 passed, 0 failed', failures: [] });
  });
});
