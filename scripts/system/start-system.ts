import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { temporalConnectionOptions } from '@csms/temporal';
import { temporalEnvShape, temporalSettings } from '@csms/temporal/env';
import { REPO_ROOT, ensureTool, TEMPORAL_CLI, waitForTemporal } from '@csms/temporal/tools';
import { childEnvironment, readSettings, SettingsError, type SystemSettings } from './settings.ts';
import { runStep, Supervisor, type Managed, type ProcessSpec } from './supervisor.ts';
import { answersHealthy } from './health-probe.ts';
import { ensureWebBuild } from './web-build.ts';

const TSX = ['--import', 'tsx'];
const DB_CLI = join(REPO_ROOT, 'db/bin/csms-db.js');

/** Polls `url` until it answers 200, the process exits, or the timeout passes. */
async function waitForHealth(url: string, managed: Managed, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void managed.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    if (await answersHealthy(url)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(exited ? `${managed.name} exited during start-up` : `${managed.name} did not answer ${url} in time`);
}

function banner(settings: SystemSettings): string {
  const lines = [
    '',
    'CSMS is running.',
    `  OCPP endpoint    ${settings.gatewayTls ? 'wss' : 'ws'}://localhost:${settings.gatewayPort}/OCPP/<chargePointId>`,
    `  Management UI    http://localhost:${settings.webPort}/`,
    `  REST API         http://localhost:${settings.webPort}/api/v1/health`,
    settings.launchTemporal
      ? `  Temporal UI      http://localhost:${settings.temporalUiPort}/namespaces/${settings.temporalNamespace}/workflows`
      : `  Temporal         ${settings.temporalAddress} (external)`,
    `  Data             ${settings.dataDir}`,
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

/**
 * The whole system on embedded defaults: Temporal dev server (SQLite file in the data folder), database migrations,
 * worker, gateway and web, each health-checked, all stopped together on Ctrl-C. Once up, a process that dies is
 * restarted with back-off; one that keeps dying stops the system (`settings.restart`).
 */
export async function startSystem(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let settings: SystemSettings;
  try {
    settings = readSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await mkdir(settings.dataDir, { recursive: true });
  const childEnv = childEnvironment(settings, env);

  let shuttingDown: Promise<void> | undefined;
  const supervisor = new Supervisor({
    policy: settings.restart,
    onFatal: (reason) => {
      console.error(reason);
      void shutdown(1);
    },
  });
  const shutdown = (exitCode: number) => {
    shuttingDown ??= supervisor.stopAll().then(() => {
      console.log('All processes stopped.');
      process.exit(exitCode);
    });
    return shuttingDown;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.log(`\n${signal} received, stopping…`);
      void shutdown(0);
    });
  }
  // Started over an IPC channel (by a test, say): when that launcher dies, the system stops as on Ctrl-C.
  process.on('disconnect', () => void shutdown(0));

  try {
    if (settings.launchTemporal) await ensureTool(TEMPORAL_CLI);
    await ensureWebBuild(childEnv);
    if (existsSync(DB_CLI)) await runStep('setup', process.execPath, [DB_CLI, 'migrate'], childEnv);
    if (existsSync(DB_CLI)) await runStep('setup', process.execPath, [DB_CLI, 'bootstrap-admin'], childEnv);

    const spec = (name: string, args: string[], healthUrl?: string): ProcessSpec => ({
      name,
      command: process.execPath,
      args,
      env: childEnv,
      ...(healthUrl ? { healthUrl } : {}),
    });
    if (settings.launchTemporal) {
      const temporal = supervisor.start(spec('temporal', [...TSX, join(REPO_ROOT, 'temporal/src/tools/cli.ts'), 'dev-server']));
      await Promise.race([
        waitForTemporal(settings.temporalAddress, settings.temporalNamespace, 90_000),
        temporal.exited.then(() => Promise.reject(new Error('the Temporal dev server exited during start-up'))),
      ]);
    } else {
      // an external Temporal may need TLS or an API key (docs/deployment.md); a bad setting fails here in one line
      const temporal = temporalSettings(z.object(temporalEnvShape).parse(childEnv));
      await waitForTemporal(settings.temporalAddress, settings.temporalNamespace, 30_000, temporalConnectionOptions(temporal));
    }

    const health = {
      worker: `http://127.0.0.1:${settings.workerHealthPort}/health`,
      // a gateway with its own TLS serves its health check over TLS too
      gateway: `${settings.gatewayTls ? 'https' : 'http'}://127.0.0.1:${settings.gatewayPort}/health`,
      web: `http://127.0.0.1:${settings.webPort}/api/v1/health`,
    };
    const worker = supervisor.start(spec('worker', [...TSX, join(REPO_ROOT, 'workers/src/main.ts')], health.worker));
    const gateway = supervisor.start(spec('gateway', [...TSX, join(REPO_ROOT, 'gateway/src/main.ts')], health.gateway));
    const web = supervisor.start(spec('web', [join(REPO_ROOT, 'web/serve.js')], health.web));
    await Promise.all([
      waitForHealth(health.worker, worker),
      waitForHealth(health.gateway, gateway),
      waitForHealth(health.web, web),
    ]);
  } catch (error) {
    if (!supervisor.stopping) {
      console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
      await shutdown(1);
    }
    return;
  }
  supervisor.running();
  console.log(banner(settings));
  process.send?.({ ready: true });
}
