import { z } from 'zod';
import type { Database } from './database.ts';
import { ormOf } from './orm/registry.ts';
import { runWrite } from './orm/session.ts';

/** How long rows are kept, in days; 0 keeps them forever. */
export interface RetentionSettings {
  readonly messageLogDays: number;
  readonly meterSampleDays: number;
  /** Delivered outbox events only; undelivered ones are never removed. */
  readonly deliveredOutboxDays: number;
  /** Failed commands (the alerts' source); 90 when absent. */
  readonly commandFailureDays?: number;
  /** Rows deleted per statement, so that each write transaction stays short. */
  readonly batchSize: number;
}

const days = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const schema = z.object({
  MESSAGE_LOG_RETENTION_DAYS: days(30),
  METER_SAMPLE_RETENTION_DAYS: days(365),
  OUTBOX_RETENTION_DAYS: days(7),
  COMMAND_FAILURE_RETENTION_DAYS: days(90),
});

/**
 * Reads `MESSAGE_LOG_RETENTION_DAYS` (30), `METER_SAMPLE_RETENTION_DAYS` (365), `OUTBOX_RETENTION_DAYS` (7),
 * `COMMAND_FAILURE_RETENTION_DAYS` (90).
 */
export function retentionSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionSettings {
  const parsed = schema.parse({
    MESSAGE_LOG_RETENTION_DAYS: env.MESSAGE_LOG_RETENTION_DAYS || undefined,
    METER_SAMPLE_RETENTION_DAYS: env.METER_SAMPLE_RETENTION_DAYS || undefined,
    OUTBOX_RETENTION_DAYS: env.OUTBOX_RETENTION_DAYS || undefined,
    COMMAND_FAILURE_RETENTION_DAYS: env.COMMAND_FAILURE_RETENTION_DAYS || undefined,
  });
  return {
    messageLogDays: parsed.MESSAGE_LOG_RETENTION_DAYS,
    meterSampleDays: parsed.METER_SAMPLE_RETENTION_DAYS,
    deliveredOutboxDays: parsed.OUTBOX_RETENTION_DAYS,
    commandFailureDays: parsed.COMMAND_FAILURE_RETENTION_DAYS,
    batchSize: 5000,
  };
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
    commandFailures: await purge('command_failure', 'failed_at', settings.commandFailureDays ?? 90),
  };
}
