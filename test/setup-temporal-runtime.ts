import { DefaultLogger, Runtime } from '@temporalio/worker';

// Test workers log only warnings; the SDK reports every state change at INFO. A process that already installed the
// runtime (vitest may reuse a worker process) keeps it.
try {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
  });
} catch {
  // already installed
}
