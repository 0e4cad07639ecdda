import type { Database } from './database.ts';
import { ormOf } from './orm/registry.ts';
import { runWrite } from './orm/session.ts';

/** How long rows are kept, in days; 0 keeps them forever (the worker reads them from `*_RETENTION_DAYS`). */
export interface RetentionSettings {
  readonly messageLogDays: number;
  readonly meterSampleDays: number;
  /** Delivered outbox events only; undelivered ones are never removed. */
  readonly deliveredOutboxDays: number;
  /** Failed commands (the alerts' source). */
  readonly commandFailureDays: number;
  /** Rows deleted per statement, so that each write transaction stays short. */
  readonly batchSize: number;
}

/** Rows removed by one {@link applyRetention} run. */
export interface RetentionReport {
  readonly messageLog: number;
  readonly meterSamples: number;
  readonly outboxEvents: number;
  readonly commandFailures: number;
}

const DAY_MS = 86_400_000;

/**
 * Deletes message log rows, meter samples, delivered outbox events and failed commands older than the settings allow, in batches of
 * short write transactions (SQLite's single writer is never held for long). Meant to run periodically (the worker
 * schedules it); safe to run concurrently with traffic and with itself.
 */
export async function applyRetention(
  database: Database,
  settings: RetentionSettings,
  now: Date = new Date(),
): Promise<RetentionReport> {
  const orm = ormOf(database);
  const purge = async (table: string, column: string, maxDays: number, extra = ''): Promise<number> => {
    if (maxDays <= 0) return 0;
    const cutoff = new Date(now.getTime() - maxDays * DAY_MS);
    let total = 0;
    for (;;) {
      const deleted = await runWrite(orm, async (em) => {
        // em.execute runs inside this transaction; the pool's connection is taken by it
        const result = await em.execute<{ affectedRows: number }>(
            `delete from ${table} where id in (select id from ${table} where ${column} < ?${extra} limit ?)`,
            [cutoff, settings.batchSize],
            'run',
          );
        return result.affectedRows;
      });
      total += deleted;
      if (deleted < settings.batchSize) return total;
    }
  };
  return {
    messageLog: await purge('message_log', 'logged_at', settings.messageLogDays),
    meterSamples: await purge('meter_sample', 'sampled_at', settings.meterSampleDays),
    outboxEvents: await purge('outbox_event', 'delivered_at', settings.deliveredOutboxDays, ' and delivered_at is not null'),
    commandFailures: await purge('command_failure', 'failed_at', settings.commandFailureDays),
  };
}
