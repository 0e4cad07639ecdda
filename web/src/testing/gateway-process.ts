import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../test/support/ports.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The gateway running as its own process, as `npm start` runs it. */
export interface GatewayProcess {
  /** `ws://127.0.0.1:<port>/OCPP` */
  readonly endpoint: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `gateway/src/main.ts` on a free port over the given database; resolves when `/health` answers. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'csms-gw-'));
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'gateway/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      GATEWAY_NODE_ID: `ui-test-${port}`,
      CSMS_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MESSAGE_LOG_LEVEL: 'verbose',
      OCPP_AUTH_CACHE_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log.slice(-4000);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(8000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  // generous: on a loaded 2-core box tsx alone takes ~20 s to load the gateway before it binds
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the gateway did not start: ${output()}`);
    }
    const healthy = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    await sleep(100);
  }
  return { endpoint: `ws://127.0.0.1:${port}/OCPP`, output, stop };
}
