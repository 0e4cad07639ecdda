// A vitest reporter for what the JSON report leaves out: errors of hooks inside a `describe` (an `afterAll` that
// throws or times out there fails the file, but the JSON report carries no message for it) and unhandled errors.
// `scripts/test.mjs` passes it beside the JSON reporter; vitest-report.mjs puts the first line of each error into
// the run's FAILED lines, so a red CI run names its cause even where only the tail of its log is kept.
import { writeFileSync } from 'node:fs';

/** The first line of a serialized error: its message, else its name. */
function firstLine(/** @type {{ message?: string, name?: string } | undefined} */ error) {
  return String(error?.message || error?.name || 'unknown error').split('\n')[0];
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
    for (const module of testModules) {
      const errors = module.errors().map((error) => firstLine(error));
      for (const suite of module.children.allSuites()) {
        errors.push(...suite.errors().map((error) => `${suite.fullName}: ${firstLine(error)}`));
      }
      if (errors.length > 0) modules[module.moduleId] = errors;
    }
    writeFileSync(file, JSON.stringify({ modules, unhandled: unhandledErrors.map((error) => firstLine(error)) }));
  }
}
