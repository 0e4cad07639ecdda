import { CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** How an activity attempt ended. */
export type ActivityOutcome = 'completed' | 'failed' | 'cancelled';

/** Told about every activity attempt this worker ran (the worker's metrics endpoint). */
export interface ActivityMetrics {
  activityFinished(activity: string, outcome: ActivityOutcome, ms: number): void;
}

/**
 * An activity interceptor that reports each attempt's activity name, outcome and duration; the result or error
 * passes through untouched. Names are the registered activities', so the label set is bounded.
 */
export function activityMetricsInterceptor(metrics: ActivityMetrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const started = performance.now();
        const name = ctx.info.activityType;
        try {
          const result = await next(input);
          metrics.activityFinished(name, 'completed', performance.now() - started);
          return result;
        } catch (error) {
          metrics.activityFinished(name, error instanceof CancelledFailure ? 'cancelled' : 'failed', performance.now() - started);
          throw error;
        }
      },
    },
  });
}
