import { z } from 'zod';
import { logLevelSchema, portSchema, temporalEnvShape, temporalSettings } from '@csms/temporal/env';
import type { TemporalSettings } from '@csms/temporal';
import { retentionSettingsFromEnv, type RetentionSettings } from '@csms/db';

const schema = z.object({
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
  LOG_LEVEL: logLevelSchema,
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** Everything the worker process reads from its environment, parsed once at start. */
export interface WorkerConfig {
  readonly temporal: TemporalSettings;
  readonly databaseUrl: string;
  readonly health: { readonly host: string; readonly port: number };
  /** `host:port` where the Temporal SDK serves its Prometheus metrics (`WORKER_HEALTH_HOST`); undefined: off. */
  readonly temporalMetricsAddress: string | undefined;
  readonly logLevel: z.infer<typeof logLevelSchema>;
  /** How long the message log, meter samples and delivered outbox events are kept. */
  readonly retention: RetentionSettings;
  /** How often lapsed gateway node leases are swept (their stations marked offline). */
  readonly nodeSweepIntervalMs: number;
  /** How often out-of-date local authorization lists are looked at and sent (docs/ocpp-1.6.md); 0: never. */
  readonly localListSyncIntervalMs: number;
  /** Stripe, or null when `STRIPE_SECRET_KEY` is unset (payments off). Never logged. */
  readonly stripe: StripeSettings | null;
}

/** Where the worker reaches Stripe. */
export interface StripeSettings {
  readonly secretKey: string;
  /** Another API base (stripe-mock, the test kit's stand-in); null: Stripe itself. */
  readonly apiUrl: string | null;
}

/** Parses the environment; throws a `ZodError` naming the bad variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = schema.parse(env);
  return {
    temporal: temporalSettings(parsed),
    databaseUrl: parsed.DATABASE_URL ?? `sqlite://${parsed.CSMS_DATA_DIR}/csms.sqlite`,
    health: { host: parsed.WORKER_HEALTH_HOST, port: parsed.WORKER_HEALTH_PORT },
    temporalMetricsAddress:
      parsed.WORKER_TEMPORAL_METRICS_PORT === undefined
        ? undefined
        : `${parsed.WORKER_HEALTH_HOST.includes(':') ? `[${parsed.WORKER_HEALTH_HOST}]` : parsed.WORKER_HEALTH_HOST}:${parsed.WORKER_TEMPORAL_METRICS_PORT}`,
    logLevel: parsed.LOG_LEVEL,
    retention: retentionSettingsFromEnv(env),
    nodeSweepIntervalMs: parsed.NODE_SWEEP_INTERVAL_SECONDS * 1000,
    localListSyncIntervalMs: parsed.LOCAL_LIST_SYNC_INTERVAL_SECONDS * 1000,
    stripe: parsed.STRIPE_SECRET_KEY ? { secretKey: parsed.STRIPE_SECRET_KEY, apiUrl: parsed.STRIPE_API_URL ?? null } : null,
  };
}
