import { applyRetention, type Database, type RetentionSettings } from '@csms/db';
import type { Logger } from 'pino';

/** How often the retention job runs. Deletions are batched, so a run is cheap when little has expired. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Runs the retention job now and then every {@link RETENTION_INTERVAL_MS}; never two runs at once, and a failure is
 * logged and retried at the next tick. Returns a function that stops it.
 */
export function scheduleRetention(database: Database, settings: RetentionSettings, log: Logger): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    applyRetention(database, settings)
      .then((report) => {
        if (report.messageLog + report.meterSamples + report.outboxEvents + report.commandFailures > 0) log.info({ retention: report }, 'retention applied');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'retention failed; retrying at the next interval'))
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, RETENTION_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
