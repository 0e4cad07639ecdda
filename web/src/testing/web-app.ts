import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { freePort } from '../../../test/support/ports.ts';
import { ensureTestBuild } from './test-build.ts';

/** Options of {@link startWebApp}. */
export interface WebAppOptions {
  /** host:port of Temporal; default an unreachable address. */
  readonly temporalAddress?: string;
  readonly temporalNamespace?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** A port chosen beforehand (a test that must know the app's address first, e.g. for `PUBLIC_BASE_URL`). */
  readonly port?: number;
}

/** A request through {@link TestWebApp.call}. */
export interface CallOptions {
  readonly method?: string;
  readonly token?: string;
  /** JSON-encoded unless a string. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The built app running in a child process on a free port, with its own migrated database. */
export interface TestWebApp {
  readonly url: string;
  readonly db: TestDatabase;
  /** Bearer tokens of an `admin` and a `user` created for the test. */
  readonly adminToken: string;
  readonly userToken: string;
  /** `fetch` against the app with an optional bearer token and JSON body. */
  call(path: string, options?: CallOptions): Promise<Response>;
  /** The app's output so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Generous: on a loaded 2-core CI box the app's first start (database, Temporal client) has taken over 20 s. */
const HEALTH_DEADLINE_MS = 120_000;

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web app exited: ${output()}`);
    try {
      const response = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error); // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the web app did not become healthy within ${HEALTH_DEADLINE_MS / 1000} s (last: ${last}): ${output()}`);
}

/** Builds (once) and starts the web app for one test file. */
export async function startWebApp(options: WebAppOptions = {}): Promise<TestWebApp> {
  const build = await ensureTestBuild();
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'csms-web-'));
  await db.users.create({ username: 'test-admin', password: 'admin-password', role: 'admin' });
  await db.users.create({ username: 'test-user', password: 'user-password', role: 'user' });
  const adminToken = (await db.apiTokens.create('test-admin', 'tests')).token;
  const userToken = (await db.apiTokens.create('test-user', 'tests')).token;
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [join(build, 'index.js')], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      CSMS_DATA_DIR: dataDir,
      CSMS_SECRET_KEY: 'k'.repeat(40),
      TEMPORAL_ADDRESS: options.temporalAddress || '127.0.0.1:1',
      TEMPORAL_NAMESPACE: options.temporalNamespace ?? 'csms',
      API_VALIDATE_RESPONSES: 'true',
      LOG_LEVEL: 'warn',
      // as web/serve.js sets it: the API's own limits apply, not adapter-node's 512 KB
      BODY_SIZE_LIMIT: '16M',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log.slice(-4000);
  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    child.kill('SIGKILL');
    await db.close();
    throw error;
  }
  return {
    url,
    db,
    adminToken,
    userToken,
    output,
    call: (path, call = {}) => {
      const headers: Record<string, string> = { ...call.headers };
      if (call.token) headers.authorization = `Bearer ${call.token}`;
      let body: string | undefined;
      if (call.body !== undefined) {
        body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
        headers['content-type'] ??= 'application/json';
      }
      return fetch(`${url}${path}`, { method: call.method ?? 'GET', headers, body, redirect: 'manual' });
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        if (child.exitCode === null) {
          child.kill('SIGKILL');
          await exited; // its database connections are gone before the database is dropped
        }
      }
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
