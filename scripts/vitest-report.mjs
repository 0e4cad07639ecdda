// Reads a vitest JSON report and counts it the way `npm test` must: anything that did not pass is a failure.
//
// Vitest itself is lenient in ways that would let a run end green while suites never ran:
// - a `beforeAll` that throws or times out marks the file's tests `skipped` and the file `failed`;
// - an `afterAll` that throws leaves every test `passed` and only the file `failed`;
// - an unhandled rejection or error shows in no count at all, only in the exit code;
// - `it.skip`, `describe.skip` and `it.todo` are `skipped`/`todo`.
// The suite has no skipped or todo tests by design, so each of these is counted as a failure here.

/**
 * @typedef {{ title: string, fullName?: string, status: string }} AssertionResult
 * @typedef {{ name: string, status: string, message?: string, assertionResults: AssertionResult[] }} FileResult
 * @typedef {{ testResults: FileResult[] }} VitestJsonReport
 * @typedef {{ passed: number, failed: number, failures: string[] }} RunCount
 * @typedef {{ modules: Record<string, string[]>, tests?: Record<string, string>, unhandled: string[] }} RunErrors what vitest-errors-reporter.mjs wrote
 */

const NOT_RUN = new Set(['skipped', 'pending', 'todo', 'disabled']);

/**
 * Counts one vitest run. `exitCode` is vitest's own; `report` is its JSON report, or null when it wrote none.
 *
 * @param {string} label
 * @param {VitestJsonReport | null} report
 * @param {number | null} exitCode
 * @param {RunErrors | null} [errors] hook and unhandled errors the JSON report does not carry
 * @returns {RunCount}
 */
export function countVitestRun(label, report, exitCode, errors = null) {
  /** @type {RunCount} */
  const count = { passed: 0, failed: 0, failures: [] };
  const fail = (/** @type {string} */ why) => {
    count.failed += 1;
    count.failures.push(`${label}: ${why}`);
  };
  if (!report) {
    fail(`vitest wrote no report (exit ${exitCode})`);
    return count;
  }
  for (const file of report.testResults) {
    let failedInFile = 0;
    for (const test of file.assertionResults) {
      const name = `${file.name} > ${test.fullName ?? test.title}`;
      if (test.status === 'passed') count.passed += 1;
      else if (NOT_RUN.has(test.status)) {
        failedInFile += 1;
        fail(`${name} did not run (${test.status})`);
      } else {
        failedInFile += 1;
        const why = errors?.tests?.[`${file.name}\u0000${test.title}`];
        fail(`${name} ${test.status}${why ? `: ${why}` : ''}`);
      }
    }
    // A hook or an import that failed: the file failed although none of its tests did.
    if (file.status !== 'passed' && failedInFile === 0) {
      const message = (file.message ?? '').split('\n')[0] || (errors?.modules[file.name] ?? []).join('; ');
      fail(`${file.name} failed outside its tests${message ? `: ${message}` : ' (a hook or the file itself)'}`);
    }
  }
  if (exitCode !== 0 && count.failed === 0) {
    const unhandled = errors?.unhandled ?? [];
    fail(`vitest exited with ${exitCode} (${unhandled.length > 0 ? `unhandled: ${unhandled.join('; ')}` : 'an unhandled error or rejection?'})`);
  }
  return count;
}
