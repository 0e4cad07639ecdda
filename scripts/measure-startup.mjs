#!/usr/bin/env node
// Start-up time and resident memory of each process, from the sources through tsx and compiled (`npm run build`
// first). For docs/deployment.md, "Production build"; not part of the test suite (it asserts nothing).
//
//   TEMPORAL_ADDRESS=127.0.0.1:7233 node scripts/measure-startup.mjs [runs]
//
// Each run spawns one process on a free port with a fresh SQLite database (migrated beforehand), measures from the
// spawn to the first 200 of its health endpoint, reads VmRSS from /proc once healthy and again 5 s later, and stops
// it. The worker needs a Temporal server (TEMPORAL_ADDRESS; namespace TEMPORAL_NAMESPACE, default `default`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const RUNS = Number(process.argv[2] ?? 3);
const TSX = ['--import', 'tsx'];

const VARIANTS = [
  { process: 'gateway', mode: 'tsx', args: [...TSX, 'gateway/src/main.ts'], health: (port) => `http://127.0.0.1:${port}/health`, portVar: 'GATEWAY_PORT' },
  { process: 'gateway', mode: 'compiled', args: ['gateway/dist/main.js'], health: (port) => `http://127.0.0.1:${port}/health`, portVar: 'GATEWAY_PORT' },
  { process: 'worker', mode: 'tsx', args: [...TSX, 'workers/src/main.ts'], health: (port) => `http://127.0.0.1:${port}/health`, portVar: 'WORKER_HEALTH_PORT' },
  { process: 'worker', mode: 'compiled', args: ['workers/dist/main.js'], health: (port) => `http://127.0.0.1:${port}/health`, portVar: 'WORKER_HEALTH_PORT' },
  // the web app has run from adapter-node's build since its first release: one variant
  { process: 'web', mode: 'compiled', args: ['web/serve.js'], health: (port) => `http://127.0.0.1:${port}/api/v1/health`, portVar: 'PORT' },
];

function freePort() {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function rssMiB(pid) {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

async function measure(variant, env) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, { cwd: ROOT, env: { ...env, [variant.portVar]: String(port) }, stdio: 'ignore' });
  const exited = new Promise((done) => child.on('exit', done));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant.process} (${variant.mode}) exited with ${child.exitCode}`);
      const status = await fetch(variant.health(port)).then((res) => res.status, () => 0);
      if (status === 200) break;
      await sleep(20);
    }
    const startupMs = performance.now() - started;
    const rssHealthy = rssMiB(child.pid);
    await sleep(5000);
    return { startupMs, rssHealthy, rssSettled: rssMiB(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dataDir = mkdtempSync(join(tmpdir(), 'csms-measure-'));
const env = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  CSMS_DATA_DIR: dataDir,
  DATABASE_URL: `sqlite://${dataDir}/csms.sqlite`,
  TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
  GATEWAY_HOST: '127.0.0.1',
  WORKER_HEALTH_HOST: '127.0.0.1',
  HOST: '127.0.0.1',
  ORIGIN: 'http://127.0.0.1',
  LOG_LEVEL: 'warn',
};
try {
  const migrated = spawnSync(process.execPath, ['db/dist/csms-db.js', 'migrate'], { cwd: ROOT, env, encoding: 'utf8' });
  if (migrated.status !== 0) throw new Error(`migrate failed (run npm run build first): ${migrated.stderr}`);
  console.log(`node ${process.version}, ${RUNS} runs each; median (min–max)\n`);
  console.log('| process | run as | spawn → healthy | RSS when healthy | RSS 5 s later |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const variant of VARIANTS) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await measure(variant, env));
    const cell = (key, unit, digits) => {
      const values = runs.map((run) => run[key]);
      const f = (v) => v.toFixed(digits);
      return `${f(median(values))} ${unit} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
    };
    console.log(`| ${variant.process} | ${variant.mode} | ${cell('startupMs', 'ms', 0)} | ${cell('rssHealthy', 'MiB', 0)} | ${cell('rssSettled', 'MiB', 0)} |`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
