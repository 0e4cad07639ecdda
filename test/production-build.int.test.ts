import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '@csms/db';
import { createTestDatabase } from '@csms/db/testing';
import { SYSTEM_PROBE_WORKFLOW, systemProbeWorkflowId, WORKER_TASK_QUEUE, type SystemProbeResult } from '@csms/temporal';
import { ensureWebBuild } from '../scripts/system/web-build.ts';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.ts';
import { freePorts } from './support/ports.ts';

/**
 * The production build (docs/deployment.md): `scripts/build.mjs` compiles the gateway, the worker with its workflow
 * bundle and the database CLI, and the web app's adapter-node build; each runs here as the image runs it, from the
 * compiled output, with a preload that fails the process on any TypeScript module or tsx (support/no-typescript.mjs).
 */
const ROOT = resolve(import.meta.dirname, '..');
// its own output folder in each workspace, so the test never replaces what `npm run build` made
const OUT = '.build-test';
const NO_TYPESCRIPT = ['--import', join(ROOT, 'test/support/no-typescript.mjs')];

interface Running {
  readonly child: ChildProcess;
  readonly output: string[];
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...NO_TYPESCRIPT, script, ...args], { cwd: tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code) => done({ code, output: output.join('') }));
  });
}

describe('the production build', () => {
  const address = inject('temporalAddress');
  // a namespace of its own: the compiled worker polls the shared task queue, which no other test's worker may serve
  const namespace = `build-${randomUUID()}`;
  const processes: Running[] = [];
  let dataDir: string;
  let databaseUrl: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  let env: NodeJS.ProcessEnv;
  let ports: { gateway: number; worker: number; web: number };
  let connection: Connection;
  let receiver: OtlpReceiver | undefined;

  function start(name: string, script: string, moreEnv: NodeJS.ProcessEnv = {}): Running {
    // cwd outside the repository: nothing may depend on being started from its root
    const child = spawn(process.execPath, [...NO_TYPESCRIPT, script], { cwd: dataDir, env: { ...env, ...moreEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const running = { child, output: [] as string[] };
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => running.output.push(chunk.toString()));
    child.on('exit', (code) => running.output.push(`[${name} exited with ${code}]`));
    processes.push(running);
    return running;
  }

  async function healthOf(url: string, running: Running): Promise<Record<string, unknown>> {
    await expect
      .poll(async () => {
        expect(running.child.exitCode, running.output.join('')).toBeNull();
        return fetch(url).then((res) => res.status, () => 0);
      }, { timeout: 60_000, interval: 200 })
      .toBe(200);
    return (await (await fetch(url)).json()) as Record<string, unknown>;
  }

  beforeAll(async () => {
    const started = performance.now();
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--servers-only', '--out-dir', OUT], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, `${built.stdout}${built.stderr}`).toBe(0);
    await ensureWebBuild(process.env);
    console.log(`production build (servers, workflow bundle, web if stale): ${Math.round(performance.now() - started)} ms`);

    const created = spawnSync(inject('temporalCliPath'), ['operator', 'namespace', 'create', '--namespace', namespace, '--address', address], { encoding: 'utf8' });
    expect(created.status, `${created.stdout}${created.stderr}`).toBe(0);
    connection = await Connection.connect({ address });
    dataDir = await mkdtemp(join(tmpdir(), 'csms-build-'));
    if (process.env.TEST_POSTGRES_URL) {
      const postgres = await createTestDatabase({ migrate: false });
      databaseUrl = postgres.url;
      dropDatabase = () => postgres.close();
    } else {
      databaseUrl = `sqlite://${dataDir}/csms.sqlite`;
    }
    const [gateway, worker, web] = (await freePorts(3)) as [number, number, number];
    ports = { gateway, worker, web };
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      CSMS_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(gateway),
      GATEWAY_NODE_ID: 'gateway-build-test',
      WORKER_HEALTH_HOST: '127.0.0.1',
      WORKER_HEALTH_PORT: String(worker),
      HOST: '127.0.0.1',
      PORT: String(web),
      ORIGIN: `http://127.0.0.1:${web}`,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: `build-${randomUUID()}`,
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    await Promise.all(
      processes.map(({ child }) =>
        child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((done) => {
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
      ),
    );
    await connection?.close();
    await receiver?.close();
    await dropDatabase?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('imports only packages a production install (npm ci --omit=dev, as in the image) provides', async () => {
    const listed = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' });
    const installed = new Set(
      listed.stdout.split('\n').filter(Boolean).map((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)?.[1]).filter(Boolean),
    );
    expect(installed.has('uWebSockets.js')).toBe(true);
    expect(installed.has('tsx')).toBe(false);
    // esbuild's parser finds every import, static and dynamic, of the compiled entries and what they load
    const { build } = await import('esbuild');
    const entries = [
      ...[['gateway', 'main.js'], ['workers', 'main.js'], ['db', 'csms-db.js']].map(([workspace, file]) => join(ROOT, workspace!, OUT, file!)),
      join(ROOT, 'web/serve.js'),
    ];
    const { metafile } = await build({
      entryPoints: entries, bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', outdir: dataDir, logLevel: 'silent',
    });
    const missing = new Set<string>();
    for (const [file, input] of Object.entries(metafile.inputs)) {
      for (const { path: specifier, external } of input.imports) {
        if (!external || specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!installed.has(name)) missing.add(`${name} (${file})`);
      }
    }
    expect(Object.keys(metafile.inputs).length).toBeGreaterThan(entries.length);
    expect([...missing]).toEqual([]);
  });

  it('refuses TypeScript in a process under the preload (the check itself can fail)', async () => {
    const result = await run(join(ROOT, 'db/bin/csms-db.js'), ['migrate'], env);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('tsx imported at run time');
  });

  it('migrates with the compiled database CLI and creates the first admin from ADMIN_PASSWORD, as the compose migrate step does', async () => {
    const cli = join(ROOT, 'db', OUT, 'csms-db.js');
    const migrate = await run(cli, ['migrate'], env);
    expect(migrate.code, migrate.output).toBe(0);
    expect(migrate.output).toMatch(/Applied \d+ migration\(s\)/);
    const admin = await run(cli, ['bootstrap-admin'], env);
    expect(admin.code, admin.output).toBe(0);
    expect(admin.output).toContain('Created admin user "admin" with the password from ADMIN_PASSWORD.');
    // a second run (every `docker compose up`) changes nothing
    expect(await run(cli, ['bootstrap-admin'], env)).toMatchObject({ code: 0, output: '' });
    const db = await openDatabase(databaseUrl);
    try {
      expect(await db.users.countAdmins()).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('starts the compiled gateway, worker and web app, each answering its health check', async () => {
    const gateway = start('gateway', join(ROOT, 'gateway', OUT, 'main.js'));
    const worker = start('worker', join(ROOT, 'workers', OUT, 'main.js'));
    const web = start('web', join(ROOT, 'web/serve.js'));
    const [gatewayHealth, workerHealth, webHealth] = await Promise.all([
      healthOf(`http://127.0.0.1:${ports.gateway}/health`, gateway),
      healthOf(`http://127.0.0.1:${ports.worker}/health`, worker),
      healthOf(`http://127.0.0.1:${ports.web}/api/v1/health`, web),
    ]);
    expect(gatewayHealth).toMatchObject({ status: 'ok', nodeId: 'gateway-build-test' });
    expect(workerHealth).toMatchObject({ status: 'ok', worker: 'RUNNING', taskQueue: WORKER_TASK_QUEUE });
    expect(webHealth).toMatchObject({ status: 'ok' });
    // the worker loaded its workflows from the bundle built ahead of time, not from their sources
    expect(worker.output.join('')).toMatch(/"workflows":"prebuilt","workflowBundle":"workflow-bundle.js".*"msg":"worker started"/);
  });

  it('runs a workflow on the compiled worker from its prebuilt workflow bundle', async () => {
    const worker = processes.find(({ output }) => output.join('').includes('worker started'));
    expect(worker, 'the worker of the previous test').toBeDefined();
    const client = new Client({ connection, namespace });
    const result = await client.workflow.execute<(input: { echo: string }) => Promise<SystemProbeResult>>(SYSTEM_PROBE_WORKFLOW, {
      taskQueue: WORKER_TASK_QUEUE,
      workflowId: systemProbeWorkflowId(randomUUID()),
      args: [{ echo: 'compiled' }],
    });
    expect(result).toMatchObject({ echo: 'compiled', database: 'ok', workerIdentity: `worker@${hostname()}/${worker!.child.pid}` });
  });

  it('with tracing on, the compiled worker loads the bundle with the workflow interceptors: a workflow span is exported', async () => {
    receiver = await startOtlpReceiver();
    // the worker without tracing leaves the task queue to this one
    const plain = processes.find(({ output }) => output.join('').includes('worker started'))!;
    if (plain.child.exitCode === null) await new Promise((done) => plain.child.once('exit', done).kill('SIGTERM'));
    const traced = start('traced worker', join(ROOT, 'workers', OUT, 'main.js'), {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url.replace(/\/v1\/traces$/, ''),
      OTEL_SERVICE_NAME: 'csms-worker-build-test',
    });
    await healthOf(`http://127.0.0.1:${ports.worker}/health`, traced);
    expect(traced.output.join('')).toMatch(/"workflows":"prebuilt","workflowBundle":"workflow-bundle-otel.js".*"msg":"worker started"/);
    const result = await new Client({ connection, namespace }).workflow.execute<(input: { echo: string }) => Promise<SystemProbeResult>>(SYSTEM_PROBE_WORKFLOW, {
      taskQueue: WORKER_TASK_QUEUE,
      workflowId: systemProbeWorkflowId(randomUUID()),
      args: [{ echo: 'traced' }],
    });
    expect(result).toMatchObject({ echo: 'traced', database: 'ok' });
    // RunWorkflow comes from inside the sandbox: only the bundle's interceptors make it, only the plugin's sink exports it
    await expect
      .poll(() => receiver!.spans.some((s) => s.name === `RunWorkflow:${SYSTEM_PROBE_WORKFLOW}` && s.service === 'csms-worker-build-test'), { timeout: 60_000, interval: 250 })
      .toBe(true);
    expect(receiver.rejected).toEqual([]);
    expect(traced.output.join('')).not.toMatch(/"level":(40|50)/);
  });
});
