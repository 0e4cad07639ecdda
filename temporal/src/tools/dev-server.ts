import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, type TemporalConnectionOptions } from '../connection.ts';

/** Dynamic config for the dev server: updates on, and search attributes visible at once for tests. */
export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<Record<string, unknown>> = {
  'frontend.enableUpdateWorkflowExecution': true,
  'system.forceSearchAttributesCacheRefreshOnRead': true,
};

export interface DevServerOptions {
  /** Path of the `temporal` executable (see `ensureTool`). */
  readonly binary: string;
  /** Bind address; the dev server has no authentication, so the default is loopback. */
  readonly ip?: string;
  readonly port: number;
  /** Web UI port, or `null` for a headless server. */
  readonly uiPort: number | null;
  /** HTTP API and metrics ports; the CLI picks random free ones when omitted. */
  readonly httpPort?: number;
  readonly metricsPort?: number;
  /** SQLite file that keeps workflows across restarts; omit for an in-memory server. */
  readonly dbFile?: string;
  readonly namespace: string;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Receives the server's output lines. */
  readonly onOutput?: (line: string) => void;
  /** How long to wait for the frontend to answer. */
  readonly readyTimeoutMs?: number;
}

/** The command-line arguments of `temporal server start-dev` for these options. */
export function devServerArgs(options: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', options.ip ?? '127.0.0.1', '--port', String(options.port)];
  if (options.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.httpPort) args.push('--http-port', String(options.httpPort));
  if (options.metricsPort) args.push('--metrics-port', String(options.metricsPort));
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  args.push('--namespace', options.namespace, '--log-level', options.logLevel ?? 'error', '--log-format', 'text');
  for (const [key, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${key}=${type}`);
  for (const [key, value] of Object.entries(DEV_SERVER_DYNAMIC_CONFIG)) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  return args;
}

/** A running dev server. */
export interface DevServer {
  readonly address: string;
  readonly process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period) and resolves when it has exited. */
  stop(): Promise<void>;
}

/** Raised when the dev server exits early or does not become ready in time. */
export class DevServerError extends Error {
  readonly code = 'TEMPORAL_DEV_SERVER_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Resolves once the frontend at `address` answers for `namespace`, polling until `timeoutMs`. `connection` carries the
 * TLS and API key options of an external Temporal (`temporalConnectionOptions`); plain gRPC without it.
 */
export async function waitForTemporal(
  address: string,
  namespace: string,
  timeoutMs: number,
  connection: Omit<TemporalConnectionOptions, 'address'> = { tls: false },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const client = await Connection.connect({ ...connection, address, connectTimeout: 1000 });
      try {
        await client.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await client.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new DevServerError(`Temporal at ${address} not ready after ${timeoutMs} ms`, { cause: lastError });
}

/** Starts `temporal server start-dev` and resolves when its frontend answers. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  if (options.dbFile) await mkdir(dirname(options.dbFile), { recursive: true });
  const child = spawn(options.binary, devServerArgs(options), { stdio: ['ignore', 'pipe', 'pipe'] });
  const onOutput = options.onOutput ?? (() => {});
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) onOutput(line);
    });
  }
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  const address = `${options.ip ?? '127.0.0.1'}:${options.port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const early = exited.then((code) => {
    throw new DevServerError(`temporal server start-dev exited with code ${code} before it was ready`);
  });
  try {
    await Promise.race([waitForTemporal(address, options.namespace, options.readyTimeoutMs ?? 60_000), early]);
  } catch (error) {
    await stop();
    throw error;
  }
  early.catch(() => {}); // exiting later is the caller's business (it watches `process`)
  return { address, process: child, stop };
}
