import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { Worker, type ActivityInterceptorsFactory, type NativeConnection, type WorkerPlugin } from '@temporalio/worker';
import { WORKER_TASK_QUEUE, type TemporalSettings } from '@csms/temporal';
import { connectWorker } from '@csms/temporal/client';
import { createSystemProbeActivities } from './activities/system-probe.activities.ts';

const require = createRequire(import.meta.url);

export interface CsmsWorkerOptions {
  readonly temporal: TemporalSettings;
  readonly checkDatabase: () => Promise<boolean>;
  /** More activities for the shared task queue (the composition root adds the database-backed ones). */
  readonly activities?: object;
  /** Defaults to the shared worker task queue; tests pass their own to stay isolated. */
  readonly taskQueue?: string;
  readonly identity?: string;
  /** Activity interceptors (the metrics one). */
  readonly activityInterceptors?: ActivityInterceptorsFactory[];
  /**
   * The workflows bundled ahead of time (`npm run build`); unset: bundled from their sources when the worker starts.
   */
  readonly workflowBundlePath?: string;
  /** Worker plugins: the OpenTelemetry one when tracing is on. */
  readonly plugins?: WorkerPlugin[];
}

/** A connected worker that has not started polling yet: call `run()` and later `shutdown()`. */
export interface CsmsWorker {
  readonly worker: Worker;
  readonly connection: NativeConnection;
  /** Polls until `shutdown()`; then closes the connection. */
  run(): Promise<void>;
  shutdown(): void;
}

/** Connects to Temporal and creates the worker that hosts every workflow and the worker-side activities. */
export async function createCsmsWorker(options: CsmsWorkerOptions): Promise<CsmsWorker> {
  const identity = options.identity ?? `worker@${hostname()}/${process.pid}`;
  const connection = await connectWorker(options.temporal);
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.temporal.namespace,
      taskQueue: options.taskQueue ?? WORKER_TASK_QUEUE,
      identity,
      ...(options.workflowBundlePath
        ? { workflowBundle: { codePath: options.workflowBundlePath } }
        : { workflowsPath: require.resolve('@csms/workflows') }),
      activities: {
        ...createSystemProbeActivities({ identity, checkDatabase: options.checkDatabase }),
        ...options.activities,
      },
      ...(options.activityInterceptors ? { interceptors: { activity: options.activityInterceptors } } : {}),
      ...(options.plugins ? { plugins: options.plugins } : {}),
    });
    return {
      worker,
      connection,
      run: async () => {
        try {
          await worker.run();
        } finally {
          await connection.close();
        }
      },
      shutdown: () => worker.shutdown(),
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
