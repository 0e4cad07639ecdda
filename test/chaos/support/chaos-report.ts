import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/system.ts';

const RESULTS = join(REPO_ROOT, '.test-results');

/**
 * Writes one scenario's figures to `.test-results/chaos/<scenario>-<dialect>.json` and merges every scenario's file
 * into `.test-results/chaos.json` (`{ runs: { "<scenario>/<dialect>": … } }`). Scenarios run in parallel processes,
 * so each writes its own file first and the merge reads them all.
 */
export async function writeChaosReport(scenario: string, dialect: string, figures: Record<string, unknown>): Promise<void> {
  const dir = join(RESULTS, 'chaos');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${scenario}-${dialect}.json`), `${JSON.stringify({ scenario, dialect, writtenAt: new Date().toISOString(), ...figures }, null, 2)}\n`);
  const runs: Record<string, unknown> = {};
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.json')).sort()) {
    const run = JSON.parse(await readFile(join(dir, file), 'utf8')) as { scenario: string; dialect: string };
    runs[`${run.scenario}/${run.dialect}`] = run;
  }
  const merged = join(RESULTS, `chaos.json.${process.pid}.tmp`);
  await writeFile(merged, `${JSON.stringify({ runs }, null, 2)}\n`);
  await rename(merged, join(RESULTS, 'chaos.json'));
}
