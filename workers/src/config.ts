import { z } from 'zod';
import { logLevelSchema, portSchema, temporalEnvShape, temporalSettings } from '@csms/temporal/env';
import { databaseUrlFromEnv } from '@csms/db';

/** Days a kind of row is kept (0: forever); unset or empty takes the default. */
const days = (fallback: number) => z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).default(fallback));

const envSchema = z.object({
  ...temporalEnvShape,
  DATABASE_URL: z.string().min(1).optional(),
  CSMS_DATA_DIR: z.string().min(1).default('data'),
  WORKER_HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  WORKER_HEALTH_PORT: portSchema(8083),
  // unset or empty: the Temporal SDK exports no metrics
  WORKER_TEMPORAL_METRICS_PORT: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(65535).optional()),
  NODE_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  // 0: local lists are updated only by the operator
  LOCAL_LIST_SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  MESSAGE_LOG_RETENTION_DAYS: days(30),
  METER_SAMPLE_RETENTION_DAYS: days(365),
  OUTBOX_RETENTION_DAYS: days(7),
  COMMAND_FAILURE_RETENTION_DAYS: days(90),
  LOG_LEVEL: logLevelSchema,
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** The worker's settings, built from the parsed variables: the one place each variable becomes a setting. */
function toWorkerConfig(parsed: z.output<typeof envSchema>) {
  const host = parsed.WORKER_HEALTH_HOST;
  return {
    temporal: temporalSettings(parsed),
    databaseUrl: databaseUrlFromEnv(parsed),
    health: { host, port: parsed.WORKER_HEALTH_PORT },
    /** `host:port` where the Temporal SDK serves its Prometheus metrics (`WORKER_HEALTH_HOST`); undefined: off. */
    temporalMetricsAddress:
      parsed.WORKER_TEMPORAL_METRICS_PORT === undefined ? undefined : `${host.includes(':') ? `[${host}]` : host}:${parsed.WORKER_TEMPORAL_METRICS_PORT}`,
    logLevel: parsed.LOG_LEVEL,
    /** How long the message log, meter samples, delivered outbox events and failed commands are kept. */
    retention: {
      messageLogDays: parsed.MESSAGE_LOG_RETENTION_DAYS,
      meterSampleDays: parsed.METER_SAMPLE_RETENTION_DAYS,
      deliveredOutboxDays: parsed.OUTBOX_RETENTION_DAYS,
      commandFailureDays: parsed.COMMAND_FAILURE_RETENTION_DAYS,
      batchSize: 5000,
    },
    /** How often lapsed gateway node leases are swept (their stations marked offline). */
    nodeSweepIntervalMs: parsed.NODE_SWEEP_INTERVAL_SECONDS * 1000,
    /** How often out-of-date local authorization lists are looked at and sent (docs/ocpp-1.6.md); 0: never. */
    localListSyncIntervalMs: parsed.LOCAL_LIST_SYNC_INTERVAL_SECONDS * 1000,
    /** Stripe, or null when `STRIPE_SECRET_KEY` is unset (payments off). Never logged. */
    stripe: parsed.STRIPE_SECRET_KEY
      ? {
          secretKey: parsed.STRIPE_SECRET_KEY,
          /** Another API base (stripe-mock, the test kit's stand-in); null: Stripe itself. */
          apiUrl: parsed.STRIPE_API_URL ?? null,
        }
      : null,
  };
}

/** The worker's environment variables, with their defaults and bounds, and the settings built from them. */
const workerConfigSchema = envSchema.transform(toWorkerConfig);

/** Everything the worker process reads from its environment, parsed once at start. */
export type WorkerConfig = z.output<typeof workerConfigSchema>;

/** Where the worker reaches Stripe. */
export type StripeSettings = NonNullable<WorkerConfig['stripe']>;

/** Parses the environment; throws a `ZodError` naming the bad variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return workerConfigSchema.parse(env);
}
