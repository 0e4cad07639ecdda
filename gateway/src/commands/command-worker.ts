import { Worker, type NativeConnection } from '@temporalio/worker';
import { gatewayTaskQueue, type GatewayActivities, type TemporalSettings } from '@csms/temporal';
import { connectWorker } from '@csms/temporal/client';
import type { Logger } from 'pino';

/** The node's Temporal worker for station commands; OCPP keeps flowing while it waits for Temporal. */
export interface CommandWorker {
  /** True once polling (for health reporting). */
  readonly running: boolean;
  stop(): Promise<void>;
}

/**
 * Polls `gateway.<nodeId>` with the node's activities. Temporal may be down when the gateway starts: the gateway
 * keeps serving OCPP (DESIGN.md §2) and this keeps trying to connect every `retryMs`; only commands wait.
 */
export function startCommandWorker(options: {
  readonly temporal: TemporalSettings;
  readonly nodeId: string;
  readonly activities: GatewayActivities;
  readonly log: Logger;
  readonly retryMs?: number;
}): CommandWorker {
  const { log } = options;
  let stopped = false;
  let worker: Worker | undefined;
  let connection: NativeConnection | undefined;
  let retry: NodeJS.Timeout | undefined;
  let done: Promise<void> = Promise.resolve();

  const attempt = async (): Promise<void> => {
    try {
      connection = await connectWorker(options.temporal);
      if (stopped) return;
      worker = await Worker.create({
        connection,
        namespace: options.temporal.namespace,
        taskQueue: gatewayTaskQueue(options.nodeId),
        activities: options.activities,
        identity: `gateway@${options.nodeId}/${process.pid}`,
      });
      log.info({ taskQueue: gatewayTaskQueue(options.nodeId) }, 'command worker polling');
      await worker.run();
    } catch (error) {
      if (stopped) return;
      log.warn({ err: error, retryInMs: options.retryMs ?? 5000 }, 'command worker unavailable; OCPP continues, commands wait');
      await connection?.close().catch(() => undefined);
      worker = undefined;
      connection = undefined;
      retry = setTimeout(() => {
        done = attempt();
      }, options.retryMs ?? 5000);
      return;
    }
    await connection?.close().catch(() => undefined);
  };
  done = attempt();

  return {
    get running() {
      return worker?.getState() === 'RUNNING';
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await done;
      await connection?.close().catch(() => undefined);
    },
  };
}
