import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of `schemathesis_hooks.py` (the role check and the guard of the run's own users and tokens). */
const HOOKS_DIR = dirname(fileURLToPath(import.meta.url));

/** One `schemathesis run` against a running app. */
export interface SchemathesisRun {
  /** The pinned executable (`ensurePythonTool(SCHEMATHESIS)`). */
  readonly binary: string;
  /** URL of the OpenAPI document; the API base comes from the document's `servers`. */
  readonly schemaUrl: string;
  /** Bearer token sent with every request; absent: no credentials. */
  readonly token?: string;
  readonly maxExamples: number;
  readonly seed: number;
  /** `--max-time`: keep fuzzing until this many seconds are spent (a larger run on demand); absent: one pass. */
  readonly maxTimeSeconds?: number;
  /** The run is killed and reported as timed out after this long. */
  readonly timeoutMs: number;
  /** Where the NDJSON event report goes (the process also runs there, so nothing lands in the repository). */
  readonly workDir: string;
  /** Settings of the hooks (`CSMS_FUZZ_*`, see `schemathesis_hooks.py`). */
  readonly hookEnv: Readonly<Record<string, string>>;
  /** Contents of a `schemathesis.toml` (dictionaries of existing ids and the like). */
  readonly config?: string;
}

/** A failed check as Schemathesis recorded it. */
export interface FuzzFailure {
  readonly operation: string;
  readonly check: string;
  readonly method: string;
  readonly status: number | null;
}

/** What one run did, read from its NDJSON report. */
export interface FuzzReport {
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  /** Test cases Schemathesis generated and sent (its "generated" figure). */
  readonly cases: number;
  /** Operations it tested (`METHOD /path`), sorted. */
  readonly operations: readonly string[];
  /** Responses by status code. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly serverErrors: number;
  readonly failures: readonly FuzzFailure[];
  /** Failures the `filter_failure` hook dropped, by kind (the documented deviations of `schemathesis_hooks.py`). */
  readonly filteredFailures: { readonly fetchForbiddenMethod: number; readonly ruleInWords: number };
  /** The last part of the console output, for failure messages. */
  readonly output: string;
}

const FETCH_FORBIDDEN = new Set(['TRACE', 'TRACK', 'CONNECT']);

interface Interaction {
  readonly request?: { readonly method?: string };
  readonly response?: { readonly status_code?: number } | null;
}

interface Recorder {
  readonly label?: string;
  readonly cases?: Record<string, unknown>;
  readonly checks?: Record<string, { readonly name: string; readonly status: string }[]>;
  readonly interactions?: Record<string, Interaction>;
  readonly filtered_failures?: Record<string, number>;
}

function argumentsOf(run: SchemathesisRun, reportPath: string, configPath: string | undefined): string[] {
  return [
    ...(configPath ? ['--config-file', configPath] : []),
    'run', run.schemaUrl,
    '--checks', 'all',
    '--max-examples', String(run.maxExamples),
    '--seed', String(run.seed),
    ...(run.maxTimeSeconds ? ['--max-time', String(run.maxTimeSeconds)] : []),
    '--workers', '1',
    '--request-timeout', '60',
    '--generation-database', 'none',
    '--no-color',
    '--report', 'ndjson', '--report-ndjson-path', reportPath,
    ...(run.token ? ['--header', `Authorization: Bearer ${run.token}`] : []),
  ];
}

/** Reads the figures of a run from its NDJSON event stream. */
export function summarize(ndjson: string): Omit<FuzzReport, 'exitCode' | 'timedOut' | 'output'> {
  let cases = 0;
  let serverErrors = 0;
  const filteredFailures = { fetchForbiddenMethod: 0, ruleInWords: 0 };
  const operations = new Set<string>();
  const statuses: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  for (const line of ndjson.split('\n')) {
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const recorder = (JSON.parse(line) as { ScenarioFinished: { recorder?: Recorder } }).ScenarioFinished.recorder;
    if (!recorder?.label) continue;
    const interactions = recorder.interactions ?? {};
    cases += Object.keys(recorder.cases ?? {}).length;
    // "Stateful tests" is a scenario across operations: its cases count, its label is no operation
    if (Object.keys(interactions).length > 0 && /^[A-Z]+ \//.test(recorder.label)) operations.add(recorder.label);
    for (const interaction of Object.values(interactions)) {
      const status = interaction.response?.status_code;
      const key = status === undefined ? 'none' : String(status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (status !== undefined && status >= 500) serverErrors += 1;
    }
    for (const [caseId, checks] of Object.entries(recorder.checks ?? {})) {
      for (const check of checks.filter((c) => c.status === 'failure')) {
        const interaction = interactions[caseId];
        failures.push({
          operation: recorder.label,
          check: check.name,
          method: interaction?.request?.method ?? '?',
          status: interaction?.response?.status_code ?? null,
        });
      }
    }
    for (const [caseId, dropped] of Object.entries(recorder.filtered_failures ?? {})) {
      const method = interactions[caseId]?.request?.method ?? '';
      filteredFailures[FETCH_FORBIDDEN.has(method) ? 'fetchForbiddenMethod' : 'ruleInWords'] += dropped;
    }
  }
  return { cases, operations: [...operations].sort(), statuses, serverErrors, failures, filteredFailures };
}

/**
 * Runs Schemathesis with every check (`--checks all`: server errors, status codes, content types, headers and
 * response schemas against the document, negative/positive data, unsupported methods, ignored auth) plus the
 * project's `role_enforced` check, and returns the figures of its report.
 */
export async function runSchemathesis(run: SchemathesisRun): Promise<FuzzReport> {
  await mkdir(run.workDir, { recursive: true });
  const reportPath = join(run.workDir, 'events.ndjson');
  const configPath = run.config === undefined ? undefined : join(run.workDir, 'schemathesis.toml');
  if (configPath) await writeFile(configPath, run.config!);
  const child = spawn(run.binary, argumentsOf(run, reportPath, configPath), {
    cwd: run.workDir,
    env: {
      ...process.env,
      ...run.hookEnv,
      PYTHONPATH: HOOKS_DIR,
      SCHEMATHESIS_HOOKS: 'schemathesis_hooks',
      NO_COLOR: '1',
      COLUMNS: '120',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-60_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let timedOut = false;
  const watchdog = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, run.timeoutMs);
  const exitCode = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done(code));
  }).finally(() => clearTimeout(watchdog));
  const ndjson = await readFile(reportPath, 'utf8').catch(() => '');
  return { exitCode, timedOut, output, ...summarize(ndjson) };
}
