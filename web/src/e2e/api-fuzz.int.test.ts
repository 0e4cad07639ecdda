import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensurePythonTool, SCHEMATHESIS } from '@csms/temporal/tools';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createCommandActivities } from '../../../workers/src/activities/command.activities.ts';
import { seedApiFuzzFixture, type ApiFuzzFixture, type FuzzCaller } from '../testing/api-fuzz-fixture.ts';
import { runSchemathesis, type FuzzReport } from '../testing/schemathesis.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const RESULTS = join(REPO_ROOT, '.test-results/api-fuzz.json');

function intEnv(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Size of the run: CI's default, larger on demand (docs/reliability.md, "Hostile HTTP input"). */
const SETTINGS = {
  seed: intEnv('CSMS_API_FUZZ_SEED', 20_261_128)!,
  maxExamples: intEnv('CSMS_API_FUZZ_MAX_EXAMPLES', 10)!,
  maxTimeSeconds: intEnv('CSMS_API_FUZZ_MAX_TIME', undefined),
};
/** A run that hangs is killed: 20 minutes for one pass on a loaded 2-core box, or the fuzzing budget plus that. */
const RUN_TIMEOUT_MS = ((SETTINGS.maxTimeSeconds ?? 0) + 20 * 60) * 1000;

type Mode = FuzzCaller;
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

function describeFailures(report: FuzzReport): string {
  const lines = report.failures.map((f) => `${f.check}: ${f.operation} (${f.method} → ${f.status ?? 'no response'})`);
  return [...new Set(lines)].join('\n') + `\n--- schemathesis output (tail) ---\n${report.output.slice(-12_000)}`;
}

describe('the REST API under Schemathesis (issue 12 §4): no 5xx, every answer as documented, every route behind its role', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `api-fuzz-${randomUUID()}`;
  const reports: Partial<Record<Mode, FuzzReport & { seconds: number }>> = {};
  let binary: string;
  let app: TestWebApp;
  let worker: CsmsWorker | undefined;
  let running: Promise<void> | undefined;
  let workDir: string;
  let documented: string[];
  let fixture: ApiFuzzFixture;

  beforeAll(async () => {
    // first run on a machine: python3 -m venv + pip install (about a minute); a missing python3 fails here, by name
    binary = await ensurePythonTool(SCHEMATHESIS);
    workDir = await mkdtemp(join(tmpdir(), 'csms-api-fuzz-'));
    // commands take their real path (web app → chargePointCommand → worker activity), so they answer 409/404/400
    app = await startWebApp({
      temporalAddress: address,
      temporalNamespace: namespace,
      env: { COMMAND_TASK_QUEUE: taskQueue, COMMAND_TIMEOUT_SECONDS: '10', LOG_LEVEL: 'warn' },
    });
    worker = await createCsmsWorker({
      temporal: { address, namespace },
      taskQueue,
      checkDatabase: () => app.db.ping(),
      activities: createCommandActivities(app.db),
    });
    running = worker.run();

    fixture = await seedApiFuzzFixture(app);
    const doc = (await (await app.call('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((key) => HTTP_METHODS.has(key)).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
  }, 900_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await app?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** Merges this file's figures into `.test-results/api-fuzz.json`, one entry per database (CI runs both). */
  async function record(): Promise<void> {
    const previous = JSON.parse(await readFile(RESULTS, 'utf8').catch(() => '{}')) as { databases?: Record<string, unknown> };
    const all = Object.values(reports);
    const figures = {
      schemathesis: SCHEMATHESIS.version,
      seed: SETTINGS.seed,
      maxExamples: SETTINGS.maxExamples,
      maxTimeSeconds: SETTINGS.maxTimeSeconds ?? null,
      documentedOperations: documented.length,
      modes: Object.fromEntries(
        Object.entries(reports).map(([mode, r]) => [mode, {
          cases: r.cases, operations: r.operations.length, failures: r.failures.length, serverErrors: r.serverErrors,
          filteredFailures: r.filteredFailures, statuses: r.statuses, seconds: r.seconds,
        }]),
      ),
      totals: {
        cases: all.reduce((sum, r) => sum + r.cases, 0),
        failures: all.reduce((sum, r) => sum + r.failures.length, 0),
        serverErrors: all.reduce((sum, r) => sum + r.serverErrors, 0),
      },
      finishedAt: new Date().toISOString(),
    };
    const database = app.db.url.startsWith('postgres') ? 'postgresql' : 'sqlite';
    await mkdir(dirname(RESULTS), { recursive: true });
    await writeFile(RESULTS, `${JSON.stringify({ databases: { ...previous.databases, [database]: figures } }, null, 2)}\n`);
  }

  // no credentials and the plain user first: the admin run creates, changes and deletes master data
  it.each(['none', 'user', 'admin'] as const)('with %s credentials', async (mode) => {
    const token = mode === 'admin' ? app.adminToken : mode === 'user' ? app.userToken : undefined;
    const started = Date.now();
    const report = await runSchemathesis({
      binary,
      schemaUrl: `${app.url}/api/v1/openapi.json`,
      ...(token ? { token } : {}),
      seed: SETTINGS.seed,
      maxExamples: SETTINGS.maxExamples,
      ...(SETTINGS.maxTimeSeconds ? { maxTimeSeconds: SETTINGS.maxTimeSeconds } : {}),
      timeoutMs: RUN_TIMEOUT_MS,
      workDir: join(workDir, mode),
      hookEnv: fixture.hookEnv,
      config: fixture.config(mode),
    });
    reports[mode] = { ...report, seconds: Math.round((Date.now() - started) / 1000) };
    await record();

    expect(report.timedOut, `schemathesis did not finish within ${RUN_TIMEOUT_MS / 1000} s`).toBe(false);
    expect(report.failures, describeFailures(report)).toEqual([]);
    expect(report.serverErrors).toBe(0);
    expect(report.exitCode, report.output.slice(-12_000)).toBe(0);
    // the whole document was exercised, whatever it holds today
    // Schemathesis leaves out the document's own URL (fetched above)
    expect(report.operations).toEqual(documented.filter((op) => op !== 'GET /api/v1/openapi.json'));
    expect(report.cases).toBeGreaterThan(documented.length);
    // and the app is still serving
    expect((await app.call('/api/v1/health')).status).toBe(200);
  }, RUN_TIMEOUT_MS + 60_000);
});
