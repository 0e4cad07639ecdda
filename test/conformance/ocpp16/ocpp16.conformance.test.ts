import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CATALOGUE_16 } from './catalogue.ts';
import { ConformanceSystem, type ConformanceCase, type ConformanceCases } from './harness.ts';
import { renderConformanceReport, type CaseOutcome } from './report.ts';

const CASES_DIR = join(import.meta.dirname, 'cases');

/** Every case module of `cases/`, merged; an id the catalogue does not know, or one defined twice, is an error. */
async function loadCases(): Promise<Map<string, ConformanceCase>> {
  const known = new Set(CATALOGUE_16.map((c) => c.id));
  const cases = new Map<string, ConformanceCase>();
  for (const file of readdirSync(CASES_DIR).filter((f) => f.endsWith('.ts')).sort()) {
    const module = (await import(pathToFileURL(join(CASES_DIR, file)).href)) as { cases?: ConformanceCases };
    if (module.cases === undefined) throw new Error(`${file} exports no \`cases\``);
    for (const [id, run] of Object.entries(module.cases)) {
      if (!known.has(id)) throw new Error(`${file}: ${id} is not an OCA 1.6 CSMS case`);
      if (cases.has(id)) throw new Error(`${file}: ${id} is defined twice`);
      cases.set(id, run);
    }
  }
  return cases;
}

const cases = await loadCases();

/**
 * The OCA 1.6 Central System cases against one running system. With `CONFORMANCE_REPORT=<file>` (what
 * `npm run conformance` sets) the run writes the report of every catalogue case there (`docs/conformance.md`).
 */
describe('OCPP 1.6 conformance (OCA CSMS test cases)', () => {
  let system: ConformanceSystem;
  const outcomes = new Map<string, CaseOutcome>();

  beforeAll(async () => {
    system = await ConformanceSystem.start();
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
    const report = process.env.CONFORMANCE_REPORT;
    if (report) await writeFile(resolve(report), renderConformanceReport(outcomes, new Date()));
  });

  for (const entry of CATALOGUE_16) {
    const run = cases.get(entry.id);
    if (run === undefined) continue;
    it(`${entry.id} ${entry.title}`, async () => {
      outcomes.set(entry.id, 'failed');
      await run(system);
      outcomes.set(entry.id, 'passed');
    }, 120_000);
  }
});
