/**
 * `npm run bench`: the issue-14 scenarios against our gateway (SQLite and PostgreSQL, real handlers) and, in the same
 * run with the same client, an `ocpp-rpc` strict server and a raw uWebSockets.js server with trivial handlers.
 * Writes one JSON result and regenerates the tables of docs/performance.md. `--help` lists the options.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { REPO_ROOT, type Child } from './lib/ipc.ts';
import { machineFacts } from './lib/machine.ts';
import { parseBenchOptions, USAGE, type BenchOptions, type Scenario } from './lib/options.ts';
import { loadAverage } from './lib/proc.ts';
import type { BenchRecord } from './lib/record.ts';
import { startClient } from './lib/servers.ts';
import { renderRun, writeReport, type BenchRun } from './report/markdown.ts';
import { closedLoopScenario } from './scenarios/closed-loop.ts';
import { idleScenario, openLoopScenario, stormScenario } from './scenarios/fleet-scenarios.ts';
import { sessionsScenario } from './scenarios/sessions.ts';

type ScenarioRunner = (options: BenchOptions, client: Child, log: (line: string) => void) => Promise<BenchRecord[]>;

const RUNNERS: Record<Scenario, ScenarioRunner> = {
  closed: closedLoopScenario,
  open: openLoopScenario,
  storm: stormScenario,
  idle: idleScenario,
  sessions: sessionsScenario,
};

async function main(): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const machine = machineFacts(options.postgresUrl);
  const startedAt = new Date().toISOString();
  log(`servers: ${options.servers.join(', ')}; scenarios: ${options.scenarios.join(', ')}; load average ${machine.loadAverageAtStart}`);
  if (!machine.taskset) log('taskset not found: server and client are not pinned');

  const records: BenchRecord[] = [];
  let kept: BenchRun['kept'];
  if (options.keep) {
    const earlier = JSON.parse(readFileSync(resolve(REPO_ROOT, options.keep), 'utf8')) as BenchRun;
    const keptRecords = earlier.records.filter((record) => !options.scenarios.includes(record.scenario));
    records.push(...keptRecords);
    kept = { file: options.keep, startedAt: earlier.startedAt, scenarios: [...new Set(keptRecords.map((record) => record.scenario))] };
  }
  const client = await startClient();
  const out = resolve(REPO_ROOT, options.out);
  const save = () => {
    const run: BenchRun = {
      startedAt,
      finishedAt: new Date().toISOString(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      smoke: options.smoke,
      machine,
      options,
      records,
      loadAverageAtEnd: loadAverage(),
      ...(kept ? { kept } : {}),
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(run, null, 2)}\n`);
    return run;
  };
  let failed = false;
  try {
    for (const scenario of options.scenarios) {
      try {
        records.push(...(await RUNNERS[scenario](options, client, log)));
      } catch (error) {
        failed = true;
        log(`${scenario} failed: ${(error as Error).stack ?? String(error)}`);
      }
      save(); // a long run keeps what it has measured so far
    }
  } finally {
    await client.stop();
  }
  const run = save();
  log(`results: ${relative(process.cwd(), out)}`);
  if (options.doc) {
    writeReport(resolve(REPO_ROOT, options.doc), renderRun(run, relative(REPO_ROOT, out)));
    log(`report: ${options.doc}`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
