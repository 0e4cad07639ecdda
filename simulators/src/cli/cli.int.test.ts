import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCsms } from '../testing/test-csms.ts';

const BIN = fileURLToPath(new URL('../../bin/csms-sim.js', import.meta.url));
let csms: TestCsms;
let dir: string;

function sim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  csms = await TestCsms.start();
  dir = await mkdtemp(join(tmpdir(), 'csms-sim-'));
});

afterAll(async () => {
  await csms.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('csms-sim', () => {
  it('runs a scenario and exits 0, printing every frame', async () => {
    const scenario = join(dir, 'ok.yaml');
    await writeFile(scenario, 'steps: [boot, {plug: 2}, {start: 2}, {charge: {connector: 2, minutes: 2, kW: 11}}, {stop: 2}]\n');
    const run = await sim(['--url', csms.url, '--id', 'cli-ok', '--protocol', 'ocpp2.0.1', '--connectors', '2', '--scenario', scenario, '--speed', 'max']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/→ CALL\s+#1 BootNotification/);
    expect(run.stdout).toMatch(/← RESULT #\d+ \{"idTokenInfo"/);
  });

  it('exits 2 when the server answers unexpectedly', async () => {
    const scenario = join(dir, 'reject.json');
    await writeFile(scenario, JSON.stringify({ steps: ['boot', { authorize: 'STRANGER' }] }));
    csms.answer('Authorize', () => ({ idTagInfo: { status: 'Invalid' } }));
    const run = await sim(['--url', csms.url, '--id', 'cli-bad', '--scenario', scenario, '--quiet']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^csms-sim: step 2 \(authorize\)/);
  });

  it('exits 2 when the server cannot be reached', async () => {
    const scenario = join(dir, 'boot.yaml');
    await writeFile(scenario, 'steps: [boot]\n');
    const run = await sim(['--url', 'ws://127.0.0.1:1/OCPP', '--id', 'nowhere', '--scenario', scenario]);
    expect(run.code).toBe(2);
  });

  it.each([
    [['--id', 'x'], /--url and --id are required/],
    [['--url', 'http://x', '--id', 'x'], /--url must start with ws/],
    [['--url', 'ws://x', '--id', 'x', '--protocol', 'ocpp9'], /--protocol must be one of/],
    [['--url', 'ws://x', '--id', 'x', '--connectors', '0'], /--connectors must be an integer/],
    [['--url', 'ws://x', '--id', 'x', '--frobnicate'], /Unknown option/],
    [['--url', 'ws://x', '--id', 'x', '--scenario', '/nonexistent.yaml'], /cannot read scenario/],
  ])('bad arguments %j: one line on stderr, exit 1', async (args, message) => {
    const run = await sim(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
