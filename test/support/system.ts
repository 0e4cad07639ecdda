import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase } from '@csms/db/testing';
import { freePorts } from './ports.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** A system started by the real start command. */
export interface StartedSystem {
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | null>;
}

/** Free ports and a fresh data folder for one system under test. */
export interface SystemEnvironment {
  readonly dataDir: string;
  readonly ports: { readonly gateway: number; readonly web: number; readonly worker: number; readonly temporal: number; readonly temporalUi: number };
  readonly env: Record<string, string>;
  /** The system's `DATABASE_URL`: a SQLite file in the data folder, or a database of its own on `TEST_POSTGRES_URL`. */
  readonly databaseUrl: string;
  /** Deletes the data folder and drops the PostgreSQL database. */
  dispose(): Promise<void>;
}

/**
 * Picks free loopback ports, a temporary data folder and a database (SQLite in that folder, or PostgreSQL when
 * `TEST_POSTGRES_URL` is set), and the environment that points the start command at them.
 */
export async function systemEnvironment(): Promise<SystemEnvironment> {
  const dataDir = await mkdtemp(join(tmpdir(), 'csms-system-'));
  // The Temporal dev server would otherwise pick random HTTP and metrics ports, which may be ones chosen here.
  const [gateway, web, worker, temporal, temporalUi, temporalHttp, temporalMetrics] = (await freePorts(7)) as [number, number, number, number, number, number, number];
  const env: Record<string, string> = {
    CSMS_DATA_DIR: dataDir,
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(gateway),
    WEB_HOST: '127.0.0.1',
    WEB_PORT: String(web),
    WORKER_HEALTH_PORT: String(worker),
    TEMPORAL_PORT: String(temporal),
    TEMPORAL_UI_PORT: String(temporalUi),
    TEMPORAL_HTTP_PORT: String(temporalHttp),
    TEMPORAL_METRICS_PORT: String(temporalMetrics),
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: `smoke-${randomUUID()}`,
  };
  for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEST_POSTGRES_URL', 'ORIGIN']) env[name] = '';
  // On the PostgreSQL pass the whole system runs on a database of its own there; the start command migrates it.
  const postgres = process.env.TEST_POSTGRES_URL ? await createTestDatabase({ migrate: false }) : undefined;
  const databaseUrl = postgres?.url ?? `sqlite://${dataDir}/csms.sqlite`;
  env.DATABASE_URL = databaseUrl;
  const dispose = async () => {
    await postgres?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { dataDir, ports: { gateway, web, worker, temporal, temporalUi }, env, databaseUrl, dispose };
}

/** Runs `npm start`'s script with the given environment and resolves once it reports that every process is healthy. */
export async function startSystem(env: NodeJS.ProcessEnv): Promise<StartedSystem> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/start.mjs')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolveReady, reject) => {
    child.on('message', (message: { ready?: boolean }) => message.ready && resolveReady());
    void exited.then((code) => reject(new Error(`start command exited with ${code}:\n${output.join('')}`)));
  });
  return { child, output, exited };
}
