import { Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { temporalConnectionOptions, type TemporalSettings } from './connection.ts';

/**
 * How every process reaches Temporal (`@csms/temporal/client`): the same {@link TemporalSettings} (address, TLS or
 * mutual TLS, API key) for the clients and the workers. Not part of the main export: that one is safe in the workflow
 * sandbox, and this module does I/O.
 */

/**
 * A client connection that dials on its first call (`Connection.lazy`), so a process starts, and serves what needs no
 * Temporal, while Temporal is down. Pair it with `settings.namespace` in a `Client`.
 */
export function connectClient(settings: TemporalSettings): Connection {
  return Connection.lazy(temporalConnectionOptions(settings));
}

/**
 * A worker's native connection, dialled now: rejects when Temporal cannot be reached (the caller retries or fails).
 * The worker SDK is loaded here, on first use, so a process that only needs {@link connectClient} (the web app) never
 * loads its native core.
 */
export async function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  const { NativeConnection } = await import('@temporalio/worker');
  return NativeConnection.connect(temporalConnectionOptions(settings));
}
