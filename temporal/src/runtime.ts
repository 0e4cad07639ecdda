import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const PINO_METHOD = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * `@csms/temporal/runtime` (Node only, never imported by workflows).
 *
 * Installs the process-wide Temporal runtime with the SDK's and the native core's logs routed into pino at `level`
 * (default WARN: the SDK reports every worker state change at INFO). Call once, before the first connection.
 * With `prometheusBindAddress` (`host:port`) the SDK's own metrics (`temporal_*`: polls, task latencies, slots,
 * RPCs) are served at `http://<address>/metrics` by the native core.
 */
export function installTemporalRuntime(log: Logger, level: LogLevel = 'WARN', options: { readonly prometheusBindAddress?: string } = {}): void {
  const metrics = options.prometheusBindAddress
    ? {
        metrics: {
          // Temporal's own dashboards expect these names: the default prefix, counters with _total, seconds
          metricPrefix: 'temporal_',
          prometheus: { bindAddress: options.prometheusBindAddress, countersTotalSuffix: true, useSecondsForDurations: true },
        },
      }
    : {};
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      log[PINO_METHOD[entry.level]]({ ...entry.meta, source: 'temporal-sdk' }, entry.message);
    }),
    telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} }, ...metrics },
  });
}
