import type { TestProject } from 'vitest/node';
import { DEFAULT_NAMESPACE } from '@csms/temporal';
import { ensureTool, startDevServer, TEMPORAL_CLI, type DevServer } from '@csms/temporal/tools';
import { freePorts } from './support/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the Temporal dev server shared by the integration tests. */
    temporalAddress: string;
    temporalNamespace: string;
    /** Path of the pinned Temporal CLI, for tests that run their own server (restarts). */
    temporalCliPath: string;
  }
}

let server: DevServer | undefined;

/**
 * Starts one real Temporal dev server (the pinned CLI, on a free loopback port) for the whole run, unless no
 * integration test is selected.
 */
export async function setup(project: TestProject): Promise<void> {
  const wantsTemporal = process.env.CSMS_TEST_NO_TEMPORAL !== '1';
  const cliPath = await ensureTool(TEMPORAL_CLI);
  project.provide('temporalCliPath', cliPath);
  project.provide('temporalNamespace', DEFAULT_NAMESPACE);
  if (!wantsTemporal) {
    project.provide('temporalAddress', '');
    return;
  }
  // the project's own start (search attributes and dynamic config as everywhere else) with a readiness wait of its
  // own: the SDK's TestWorkflowEnvironment gives the server 5 s to listen, and one CI run lost both its passes to
  // a server not listening by then (docs/reliability.md)
  const [port] = (await freePorts(1)) as [number];
  server = await startDevServer({
    binary: cliPath,
    port,
    uiPort: null,
    namespace: DEFAULT_NAMESPACE,
    logLevel: 'warn',
    readyTimeoutMs: 120_000,
    onOutput: (line) => process.stderr.write(`[temporal] ${line}\n`),
  });
  project.provide('temporalAddress', server.address);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
