import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { answersHealthy } from '../../scripts/system/health-probe.ts';
import { freePort } from './ports.ts';
import { REPO_ROOT } from './system.ts';

/** A gateway node running as its own OS process, started from the gateway's entry point as production runs it. */
export interface GatewayProcess {
  readonly nodeId: string;
  readonly port: number;
  /** The OCPP endpoint without the station id, e.g. `ws://127.0.0.1:1234/OCPP`. */
  readonly url: string;
  /** How many station connections the node holds now (its `GET /health`). */
  connections(): Promise<number>;
  /** `kill -9`: no shutdown code runs; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (the node's clean shutdown), SIGKILL after 15 s; resolves once the process is gone. */
  stop(): Promise<void>;
  /** The last lines the process printed (for a failure message). */
  output(): string;
}

/** Options of {@link startGatewayProcess}. */
export interface GatewayProcessOptions {
  readonly nodeId: string;
  /** The node's environment besides host, port and node id: database, Temporal, secret key, lease, … */
  readonly env: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

const OUTPUT_KEPT = 16_000;

/**
 * Starts `gateway/src/main.ts` as a child process on 127.0.0.1 and a free port, under its own GATEWAY_NODE_ID, and
 * resolves once its `/health` answers. The child has an IPC channel, so it shuts itself down when the test process
 * goes away (the gateway stops on `disconnect`, as under the start command).
 */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    LOG_LEVEL: 'warn',
    ...options.env,
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(port),
    GATEWAY_NODE_ID: options.nodeId,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'gateway/src/main.ts')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const health = `http://127.0.0.1:${port}/health`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  while (!(await answersHealthy(health))) {
    if (gone() || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`gateway node ${options.nodeId} did not come up on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    nodeId: options.nodeId,
    port,
    url: `ws://127.0.0.1:${port}/OCPP`,
    async connections() {
      const response = await fetch(health, { signal: AbortSignal.timeout(5000) });
      return ((await response.json()) as { connections: number }).connections;
    },
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    output: () => output,
  };
}
