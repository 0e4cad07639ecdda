import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/system.ts';

/*
 * `npm run bench` at smoke sizes: every scenario against our gateway and both peers runs to the end and writes a
 * well-formed result and report. It asserts the shape of the output only, never a rate or a duration: the numbers of
 * a smoke run mean nothing (DESIGN.md §6: performance is measured by the benchmark, not by tests).
 */
describe('npm run bench --smoke', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csms-bench-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs every scenario and writes a well-formed JSON result and report', { timeout: 1_200_000 }, async () => {
    const out = join(dir, 'result.json');
    const doc = join(dir, 'performance.md');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/main.ts', '--smoke', '--servers', 'gateway-sqlite,ocpp-rpc,uws', '--out', out, '--doc', doc], {
      cwd: REPO_ROOT,
      env: { ...process.env, TEST_POSTGRES_URL: '', BENCH_POSTGRES_URL: '' },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 1_100_000,
    });
    const run = JSON.parse(await readFile(out, 'utf8')) as {
      smoke: boolean;
      machine: { cores: number; node: string; versions: Record<string, string> };
      records: { scenario: string; server: string; N: number; rate?: number; errors: number; rps?: number; srvUsPerMsg?: number | null; details?: Record<string, unknown> }[];
    };
    expect(run.smoke).toBe(true);
    expect(run.machine.cores).toBeGreaterThan(0);
    expect(run.machine.versions['ocpp-rpc']).toMatch(/^\d+\.\d+\.\d+$/);
    const arms = new Set(run.records.map((r) => `${r.scenario}/${r.server}`));
    for (const server of ['gateway-sqlite', 'ocpp-rpc', 'uws']) {
      for (const scenario of ['closed', 'open', 'storm', 'idle']) expect(arms).toContain(`${scenario}/${server}`);
    }
    expect(arms).toContain('sessions/gateway-sqlite');
    for (const record of run.records) {
      expect(record.N).toBeGreaterThan(0);
      expect(Number.isInteger(record.errors)).toBe(true);
      if (record.scenario === 'closed') expect(typeof record.rps).toBe('number');
    }
    const storm = run.records.find((r) => r.scenario === 'storm' && r.server === 'gateway-sqlite');
    expect(storm?.details?.rows).toMatchObject({ complete: true });
    // the closed loop and the paced run (smoke: 2 sessions/s): every session's workflow completed, none left running
    const sessions = run.records.filter((r) => r.scenario === 'sessions');
    expect(sessions.map((r) => r.rate)).toEqual([undefined, 2]);
    for (const record of sessions) {
      expect(record.details).toMatchObject({ runningWorkflows: 0 });
      expect(record.details?.completedWorkflows).toBe(record.details?.sessions);
      expect(Number.isInteger(record.details?.missed)).toBe(true);
    }
    const report = await readFile(doc, 'utf8');
    expect(report).toContain('<!-- bench:begin');
    expect(report).toContain('### Targets (issue 14)');
    expect(report).toContain('| Heartbeat | gateway-sqlite |');
    expect(report).toContain('| gateway-sqlite | 2/s |');
  });
});
