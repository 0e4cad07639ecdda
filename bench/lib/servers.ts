import { launch, type Child } from './ipc.ts';
import type { BenchOptions, ServerKind } from './options.ts';

/** The CPU the servers are pinned to; the client gets the other one. */
export const SERVER_CPU = 0;
export const CLIENT_CPU = 1;

const SCRIPTS: Record<ServerKind, string> = {
  'gateway-sqlite': 'bench/servers/gateway-server.ts',
  'gateway-postgres': 'bench/servers/gateway-server.ts',
  'ocpp-rpc': 'bench/servers/ocpp-rpc-server.ts',
  uws: 'bench/servers/uws-server.ts',
};

/** A server under test, started and (for the gateways) provisioned. */
export interface ServerUnderTest {
  readonly kind: ServerKind;
  readonly child: Child;
  /** Base WebSocket URL; station ids are appended. */
  readonly url: string;
  readonly version: string;
}

/** Whether the server is ours (persists to a database, has the storm's rows to check). */
export function isGateway(kind: ServerKind): boolean {
  return kind.startsWith('gateway-');
}

/**
 * Starts one server pinned to the server core; gateways get a fresh database (PostgreSQL for `gateway-postgres`) and
 * `stations` stations `<prefix>0…` plus the bench tag provisioned. `env` adds variables (Temporal for sessions).
 */
export async function startServer(
  kind: ServerKind,
  options: BenchOptions,
  provision: { prefix: string; stations: number },
  env: NodeJS.ProcessEnv = {},
  pin = true,
): Promise<ServerUnderTest> {
  const flags = ['--expose-gc', '--max-old-space-size=4096'];
  // JIT frames with their script paths for `perf` (bench/report/profile-summary.ts)
  if (options.profileDir && isGateway(kind)) flags.push('--perf-basic-prof');
  const child = await launch(kind, SCRIPTS[kind], {
    ...(pin ? { cpu: SERVER_CPU } : {}),
    nodeFlags: flags,
    env: {
      ...env,
      ...(kind === 'gateway-postgres' ? { BENCH_DATABASE_SERVER_URL: options.postgresUrl } : { BENCH_DATABASE_SERVER_URL: '' }),
    },
  });
  if (isGateway(kind)) await child.request('provision', { prefix: provision.prefix, count: provision.stations, tags: ['BENCHTAG'] });
  return { kind, child, url: String(child.ready.url), version: String(child.ready.version) };
}

/** Starts the load client pinned to the client core. */
export function startClient(): Promise<Child> {
  return launch('client', 'bench/client/main.ts', { cpu: CLIENT_CPU, nodeFlags: ['--max-old-space-size=4096'] });
}

/** Stops servers one by one (gateways close their sockets, flush and drop their database). */
export async function stopAll(children: readonly (Child | undefined)[]): Promise<void> {
  for (const child of children) {
    if (!child) continue;
    await child.request('stop', undefined, 30_000).catch(() => undefined);
    await child.stop();
  }
}
