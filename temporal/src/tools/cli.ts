/**
 * `node --import tsx temporal/src/tools/cli.ts <command>`
 *
 *   install [temporal|stripe-mock|all]   ensure the pinned tools exist and print their paths
 *   install schemathesis                 ensure the pinned Schemathesis venv exists (Python; only the API fuzz test uses it)
 *   dev-server                           run the Temporal dev server in the foreground (settings from the env)
 *
 * The dev-server command stops the server when it gets SIGINT/SIGTERM or when its parent's IPC channel closes, so a
 * killed start command leaves no Temporal process behind.
 */
import { resolve } from 'node:path';
import { DEFAULT_NAMESPACE } from '../connection.ts';
import { startDevServer } from './dev-server.ts';
import { ensureTool, TEMPORAL_CLI, TOOLS } from './install.ts';
import { ensurePythonTool, SCHEMATHESIS } from './python-tool.ts';
import { REPO_ROOT } from './paths.ts';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

async function install(which: string): Promise<void> {
  if (which === 'schemathesis') {
    console.log(`schemathesis=${await ensurePythonTool(SCHEMATHESIS)}`);
    return;
  }
  const names = which === 'all' ? (Object.keys(TOOLS) as (keyof typeof TOOLS)[]) : [which];
  for (const name of names) {
    const spec = TOOLS[name as keyof typeof TOOLS];
    if (!spec) throw new Error(`unknown tool "${name}" (expected temporal, stripe-mock, schemathesis or all)`);
    console.log(`${name}=${await ensureTool(spec)}`);
  }
}

async function devServer(): Promise<void> {
  const dataDir = resolve(process.env.CSMS_DATA_DIR ?? resolve(REPO_ROOT, 'data'));
  const binary = await ensureTool(TEMPORAL_CLI);
  const server = await startDevServer({
    binary,
    ip: process.env.TEMPORAL_IP ?? '127.0.0.1',
    port: intEnv('TEMPORAL_PORT', 7233),
    uiPort: intEnv('TEMPORAL_UI_PORT', 8233),
    ...(process.env.TEMPORAL_HTTP_PORT ? { httpPort: intEnv('TEMPORAL_HTTP_PORT', 0) } : {}),
    ...(process.env.TEMPORAL_METRICS_PORT ? { metricsPort: intEnv('TEMPORAL_METRICS_PORT', 0) } : {}),
    dbFile: resolve(process.env.TEMPORAL_DB_FILE ?? resolve(dataDir, 'temporal.sqlite')),
    namespace: process.env.TEMPORAL_NAMESPACE ?? DEFAULT_NAMESPACE,
    onOutput: (line) => console.log(line),
  });
  console.log(`Temporal dev server ready on ${server.address}`);
  process.send?.({ ready: true, address: server.address });

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('disconnect', shutdown);
  server.process.on('exit', (code) => {
    if (!stopping) {
      console.error(`temporal exited unexpectedly with code ${code}`);
      process.exit(1);
    }
  });
}

const [command, arg] = process.argv.slice(2);
const main = command === 'install' ? () => install(arg ?? 'all') : command === 'dev-server' ? devServer : undefined;
if (!main) {
  console.error('usage: cli.ts install [temporal|stripe-mock|schemathesis|all] | dev-server');
  process.exit(1);
}
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
