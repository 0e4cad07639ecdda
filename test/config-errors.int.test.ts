import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/system.ts';

/** Runs a deployable's main with `env` and returns its exit code and its output. */
function runMain(main: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, main)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** docs/configuration.md: a bad value stops the process with a one-line message naming the variable. */
describe('a deployable started with a bad variable', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-config-errors-'));
    const { TEST_POSTGRES_URL: _postgres, DATABASE_URL: _database, ...rest } = process.env;
    env = { ...rest, CSMS_DATA_DIR: dataDir, TEMPORAL_ADDRESS: '127.0.0.1:1', NODE_ENV: 'production' };
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const cases: ReadonlyArray<readonly [main: string, variable: string, value: string, line: RegExp]> = [
    ['gateway/src/main.ts', 'GATEWAY_PORT', '70000', /^gateway: GATEWAY_PORT: .+$/],
    ['gateway/src/main.ts', 'OCPP_STRIP_TAG_SUFFIX', 'maybe', /^gateway: OCPP_STRIP_TAG_SUFFIX: .+$/],
    ['gateway/src/main.ts', 'TEMPORAL_TLS_CA_FILE', '/no/such/ca.pem', /^gateway: TEMPORAL_TLS_CA_FILE.+$/],
    ['workers/src/main.ts', 'WORKER_HEALTH_PORT', 'eighty', /^worker: WORKER_HEALTH_PORT: .+$/],
    ['workers/src/main.ts', 'NODE_SWEEP_INTERVAL_SECONDS', '0', /^worker: NODE_SWEEP_INTERVAL_SECONDS: .+$/],
  ];

  it.each(cases)('%s with %s=%s exits 1 with one line naming it', async (main, variable, value, line) => {
    const result = await runMain(main, { ...env, [variable]: value }, REPO_ROOT);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr.trim()).toMatch(line);
    expect(result.stdout).toBe('');
  });
});
