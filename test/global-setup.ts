import type { TestProject } from 'vitest/node';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_NAMESPACE, SEARCH_ATTRIBUTES } from '@csms/temporal';
import { DEV_SERVER_DYNAMIC_CONFIG, ensureTool, TEMPORAL_CLI } from '@csms/temporal/tools';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the Temporal dev server shared by the integration tests. */
    temporalAddress: string;
    temporalNamespace: string;
    /** Path of the pinned Temporal CLI, for tests that run their own server (restarts). */
    temporalCliPath: string;
  }
}

let env: TestWorkflowEnvironment | undefined;

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
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cliPath },
      ip: '127.0.0.1',
      namespace: DEFAULT_NAMESPACE,
      extraArgs: [
        ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
        ...Object.entries(DEV_SERVER_DYNAMIC_CONFIG).flatMap(([key, value]) => [
          '--dynamic-config-value',
          `${key}=${JSON.stringify(value)}`,
        ]),
      ],
      log: { format: 'pretty', level: 'warn' },
    },
  });
  project.provide('temporalAddress', env.connection.options.address);
}

export async function teardown(): Promise<void> {
  await env?.teardown();
}
