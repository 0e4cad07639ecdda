import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { hasTaskset } from './ipc.ts';
import { loadAverage } from './proc.ts';
import { packageVersion } from './versions.ts';

/** Facts about the box and the software a run measured (a result means nothing without them). */
export interface MachineFacts {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly kernel: string;
  readonly node: string;
  readonly glibc: string | null;
  readonly taskset: boolean;
  readonly fdLimit: string;
  readonly loadAverageAtStart: number;
  readonly postgres: string | null;
  readonly versions: Record<string, string>;
  readonly commit: string | null;
}

function run(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Reads the machine facts (PostgreSQL's version through `psql` when a URL is given and psql exists). */
export function machineFacts(postgresUrl: string | undefined): MachineFacts {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  const limits = readFileSync('/proc/self/limits', 'utf8');
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1e9),
    kernel: release(),
    node: process.version,
    glibc: header?.glibcVersionRuntime ?? null,
    taskset: hasTaskset(),
    fdLimit: /Max open files\s+(\d+)/.exec(limits)?.[1] ?? '?',
    loadAverageAtStart: loadAverage(),
    postgres: postgresUrl ? run('psql', [postgresUrl, '-Atc', 'show server_version']) : null,
    versions: Object.fromEntries(
      ['uWebSockets.js', 'ocpp-rpc', 'ws', '@mikro-orm/core', 'sqlite3', 'pg', '@temporalio/worker'].map((name) => [name, packageVersion(name)]),
    ),
    commit: run('git', ['rev-parse', '--short', 'HEAD']),
  };
}
