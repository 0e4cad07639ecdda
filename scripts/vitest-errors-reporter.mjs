// A vitest reporter for what the JSON report leaves out: errors of hooks inside a `describe` (an `afterAll` that
// throws or times out there fails the file, but the JSON report carries no message for it), unhandled errors, and
// the assertion of each failed test with the lines its diff changed (the JSON report has the message without the
// diff, and `expected { …(20) } to match object { … }` alone does not say which property differed).
// `scripts/test.mjs` passes it beside the JSON reporter; vitest-report.mjs puts these into the run's FAILED lines,
// so a red CI run names its cause even where only the tail of its log is kept.
import { writeFileSync } from 'node:fs';

/** The first line of a serialized error: its message, else its name. */
function firstLine(/** @type {{ message?: string, name?: string } | undefined} */ error) {
  return String(error?.message || error?.name || 'unknown error').split('\n')[0];
}

/** How many changed lines of a diff a FAILED line quotes, and its longest quote. */
const DIFF_LINES = 8;
const MAX_CHARS = 600;

/**
 * A failed assertion in one line: its message, then the lines its diff marks as expected (-) or received (+).
 * @param {{ message?: string, name?: string, diff?: string } | undefined} error
 */
export function assertionSummary(error) {
  // eslint-disable-next-line no-control-regex -- the diff is coloured with ANSI escapes
  const plain = String(error?.diff ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const changed = plain
    .split('\n')
    .filter((line) => /^[-+] /.test(line) && !/^[-+] (Expected|Received)\b/.test(line))
    .slice(0, DIFF_LINES)
    .map((line) => line.replace(/\s+/g, ' ').trim());
  const text = [firstLine(error), ...changed].join(' | ');
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text;
}

export default class ErrorsReporter {
  /**
   * @param {ReadonlyArray<import('vitest/node').TestModule>} testModules
   * @param {ReadonlyArray<{ message?: string, name?: string }>} unhandledErrors
   */
  onTestRunEnd(testModules, unhandledErrors) {
    const file = process.env.CSMS_VITEST_ERRORS_FILE;
    if (!file) return;
    /** @type {Record<string, string[]>} */
    const modules = {};
    /** @type {Record<string, string>} keyed `<file>\u0000<test title>`, as the JSON report names them */
    const tests = {};
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'failed' && result.errors?.[0]) tests[`${module.moduleId}\u0000${test.name}`] = assertionSummary(result.errors[0]);
      }
      const errors = module.errors().map((error) => firstLine(error));
      for (const suite of module.children.allSuites()) {
        errors.push(...suite.errors().map((error) => `${suite.fullName}: ${firstLine(error)}`));
      }
      if (errors.length > 0) modules[module.moduleId] = errors;
    }
    writeFileSync(file, JSON.stringify({ modules, tests, unhandled: unhandledErrors.map((error) => firstLine(error)) }));
  }
}
