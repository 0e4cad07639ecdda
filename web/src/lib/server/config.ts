import { z } from 'zod';
import { logLevelSchema, TemporalConfigError, temporalEnvShape, temporalSettings } from '@csms/temporal/env';
import { WORKER_TASK_QUEUE, type TemporalSettings } from '@csms/temporal';
import { databaseUrlFromEnv, type AlertThresholds } from '@csms/db';
import type { BlockList } from 'node:net';
import { parseTrustedProxies, TrustedProxyError } from './auth/client-address.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  ...temporalEnvShape,
  CSMS_DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z.string().optional(),
  LOG_LEVEL: logLevelSchema,
  SESSION_LIFETIME_HOURS: positiveInt(12),
  SESSION_IDLE_MINUTES: positiveInt(120),
  SESSION_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  LOGIN_MAX_FAILURES: positiveInt(5),
  LOGIN_LOCKOUT_SECONDS: positiveInt(300),
  LOGIN_MAX_LOCKOUT_SECONDS: positiveInt(86_400),
  LOGIN_MAX_CONCURRENT_CHECKS: z.coerce.number().int().min(1).max(64).default(2),
  TRUSTED_PROXIES: z.string().max(4000).default(''),
  API_MAX_BODY_BYTES: positiveInt(65_536),
  COMMAND_TIMEOUT_SECONDS: positiveInt(90),
  COMMAND_TASK_QUEUE: z.string().min(1).default(WORKER_TASK_QUEUE),
  API_VALIDATE_RESPONSES: z.enum(['true', 'false']).default('false'),
  UI_TIME_ZONE: z
    .string()
    .max(64)
    .optional()
    .refine((zone) => zone === undefined || zone === '' || isTimeZone(zone), 'unknown IANA time zone, e.g. Europe/Berlin'),
  UI_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  WEB_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  WEB_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  PAYMENTS_CURRENCY: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as EUR')
    .default('EUR')
    .transform((code) => code.toUpperCase()),
  PAYMENT_START_WINDOW_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  PAYMENT_WAIT_FOR_PREPARING: z.enum(['true', 'false']).default('true'),
  PAYMENT_MIN_ENERGY_WH: z.coerce.number().int().min(0).default(1000),
  PAYMENT_MIN_CHARGE_MINOR: z.coerce.number().int().min(1).default(50),
  SESSION_TASK_QUEUE: z.string().min(1).default(WORKER_TASK_QUEUE),
  FIRMWARE_MAX_BYTES: positiveInt(16_000_000),
  STATION_UPLOAD_MAX_BYTES: positiveInt(8 * 1024 * 1024),
  STATION_FILE_URL_MINUTES: positiveInt(1440),
  STATION_FILES_BASE_URL: z
    .string()
    .optional()
    .refine((value) => !value || isHttpUrl(value), 'an http(s) URL without query, e.g. http://10.0.0.5:3000'),
  TEMPORAL_UI_URL: z
    .string()
    .optional()
    .refine((value) => !value || isHttpUrl(value), 'an http(s) URL, e.g. http://127.0.0.1:8233'),
  PUBLIC_BASE_URL: z
    .string()
    .optional()
    .refine((value) => !value || isHttpUrl(value), 'an http(s) URL without query, e.g. https://csms.example.com'),
  ALERT_OFFLINE_MINUTES: z.coerce.number().int().min(1).max(525_600).default(15),
  ALERT_SESSION_HOURS: z.coerce.number().int().min(1).max(8760).default(24),
  ALERT_COMMAND_FAILURE_HOURS: z.coerce.number().int().min(1).max(8760).default(24),
  ALERT_SECURITY_EVENT_HOURS: z.coerce.number().int().min(1).max(8760).default(24),
});

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Settings of the web app, parsed once from the environment in the `init` hook. */
export interface WebConfig {
  readonly dataDir: string;
  /** `DATABASE_URL`, or the SQLite file in the data folder. */
  readonly databaseUrl: string;
  readonly temporal: TemporalSettings;
  readonly logLevel: z.infer<typeof logLevelSchema>;
  /** Absolute lifetime of a sign-in. */
  readonly sessionLifetimeMs: number;
  /** A session unused this long ends. */
  readonly sessionIdleMs: number;
  /**
   * `auto`: the cookie is `Secure` when the app knows it is served over https (`ORIGIN=https://…`, or
   * `PROTOCOL_HEADER` naming a proxy header that says https).
   */
  readonly sessionCookieSecure: 'auto' | boolean;
  /** True when `ORIGIN` or `PROTOCOL_HEADER` tells the app its public scheme (adapter-node guesses https otherwise). */
  readonly originKnown: boolean;
  /** Failed sign-ins per user name (and per client address) before a lockout. */
  readonly loginMaxFailures: number;
  readonly loginLockoutMs: number;
  /** Each further lockout of a key doubles, up to this. */
  readonly loginMaxLockoutMs: number;
  /** Password verifications in flight at once (scrypt shares libuv's thread pool with SQLite). */
  readonly loginMaxConcurrentChecks: number;
  /** Peers whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`), or null: the socket's peer is the client. */
  readonly trustedProxies: BlockList | null;
  /** Largest accepted JSON request body. */
  readonly maxBodyBytes: number;
  /** Upper bound on a station command, end to end (the workflow's execution timeout). */
  readonly commandTimeoutMs: number;
  /** Task queue of the `chargePointCommand` workflow (the worker's; tests point it at their own). */
  readonly commandTaskQueue: string;
  /** Check every JSON response against its schema (tests turn it on). */
  readonly validateResponses: boolean;
  /** Time zone of the times the UI shows (`UI_TIME_ZONE`, default the server's). */
  readonly uiTimeZone: string;
  /** How often the overview's live feed reads the database (`UI_POLL_MS`). */
  readonly uiPollMs: number;
  /** The Prometheus endpoint's listener (`WEB_METRICS_HOST`:`WEB_METRICS_PORT`), or null: no endpoint, nothing counted. */
  readonly metrics: { readonly host: string; readonly port: number } | null;
  /**
   * The address drivers reach the app at, without a trailing slash (`PUBLIC_BASE_URL`, else `ORIGIN`): the QR codes
   * on the chargers and Stripe's return URLs point there. Null when neither is set.
   */
  readonly publicBaseUrl: string | null;
  /** Paid charging, or null when `STRIPE_SECRET_KEY` is unset (payments off). Secrets are never logged. */
  readonly payments: PaymentSettings | null;
  /** Task queue of the session workflows (the worker's; tests point it at their own). */
  readonly sessionTaskQueue: string;
  /** Station firmware downloads and diagnostics/log uploads (docs/ocpp-1.6.md, Firmware and diagnostics). */
  readonly stationFiles: StationFileSettings;
  /** The Temporal UI, for links to a session's workflow (`TEMPORAL_UI_URL`), or null. */
  readonly temporalUiUrl: string | null;
  /** When a condition becomes an alert (`ALERT_*`, docs/ui.md Alerts). */
  readonly alerts: AlertThresholds;
}

/** Limits and addresses of the files stations download (firmware) and upload (diagnostics, logs). */
export interface StationFileSettings {
  /** Largest firmware image an administrator may upload. */
  readonly firmwareMaxBytes: number;
  /** Largest diagnostics or log file a station may upload. */
  readonly uploadMaxBytes: number;
  /** How long a download or upload URL sent to a station stays valid. */
  readonly urlLifetimeMs: number;
  /** The address stations reach the app at (`STATION_FILES_BASE_URL`, else the public base URL, else the request's). */
  readonly baseUrl: string | null;
}

/** The web app's side of paid charging. */
export interface PaymentSettings {
  /** Verifies webhook signatures; null: every webhook is refused (the browser's return still works). */
  readonly webhookSecret: string | null;
  readonly currency: string;
  readonly startWindowMs: number;
  readonly waitForPreparing: boolean;
  readonly minimumEnergyWh: number;
  readonly minimumChargeMinor: number;
}

/** Thrown for an environment the app cannot start with; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the web app's environment variables (see docs/configuration.md). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  let temporal: TemporalSettings;
  try {
    temporal = temporalSettings(e);
  } catch (error) {
    if (error instanceof TemporalConfigError) throw new ConfigError(error.message);
    throw error;
  }
  let trustedProxies: BlockList | null;
  try {
    trustedProxies = parseTrustedProxies(e.TRUSTED_PROXIES);
  } catch (error) {
    if (error instanceof TrustedProxyError) throw new ConfigError(`TRUSTED_PROXIES: ${error.message}`);
    throw error;
  }
  // adapter-node would then take the client address from that header whoever sent it, and the proxy check is moot
  if (trustedProxies && env.ADDRESS_HEADER) throw new ConfigError('ADDRESS_HEADER: unset it when TRUSTED_PROXIES is set');
  const publicBaseUrl = (e.PUBLIC_BASE_URL || (env.ORIGIN && isHttpUrl(env.ORIGIN) ? env.ORIGIN : '') || '').replace(/\/+$/, '') || null;
  // Stripe needs absolute return URLs: a key without a public address is a configuration error, not a silent fallback
  if (e.STRIPE_SECRET_KEY && !publicBaseUrl) throw new ConfigError('PUBLIC_BASE_URL: required when STRIPE_SECRET_KEY is set (Stripe sends drivers back there)');
  return {
    dataDir: e.CSMS_DATA_DIR,
    databaseUrl: databaseUrlFromEnv({ DATABASE_URL: e.DATABASE_URL, CSMS_DATA_DIR: e.CSMS_DATA_DIR }),
    temporal,
    logLevel: e.LOG_LEVEL,
    sessionLifetimeMs: e.SESSION_LIFETIME_HOURS * 3_600_000,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionCookieSecure: e.SESSION_COOKIE_SECURE === 'auto' ? 'auto' : e.SESSION_COOKIE_SECURE === 'true',
    originKnown: Boolean(env.ORIGIN || env.PROTOCOL_HEADER),
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockoutMs: e.LOGIN_LOCKOUT_SECONDS * 1000,
    loginMaxLockoutMs: Math.max(e.LOGIN_MAX_LOCKOUT_SECONDS, e.LOGIN_LOCKOUT_SECONDS) * 1000,
    loginMaxConcurrentChecks: e.LOGIN_MAX_CONCURRENT_CHECKS,
    trustedProxies,
    maxBodyBytes: e.API_MAX_BODY_BYTES,
    commandTimeoutMs: e.COMMAND_TIMEOUT_SECONDS * 1000,
    commandTaskQueue: e.COMMAND_TASK_QUEUE,
    validateResponses: e.API_VALIDATE_RESPONSES === 'true',
    uiTimeZone: e.UI_TIME_ZONE || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    uiPollMs: e.UI_POLL_MS,
    metrics: e.WEB_METRICS_PORT === undefined ? null : { host: e.WEB_METRICS_HOST, port: e.WEB_METRICS_PORT },
    publicBaseUrl,
    payments: e.STRIPE_SECRET_KEY
      ? {
          webhookSecret: e.STRIPE_WEBHOOK_SECRET || null,
          currency: e.PAYMENTS_CURRENCY,
          startWindowMs: e.PAYMENT_START_WINDOW_SECONDS * 1000,
          waitForPreparing: e.PAYMENT_WAIT_FOR_PREPARING === 'true',
          minimumEnergyWh: e.PAYMENT_MIN_ENERGY_WH,
          minimumChargeMinor: e.PAYMENT_MIN_CHARGE_MINOR,
        }
      : null,
    sessionTaskQueue: e.SESSION_TASK_QUEUE,
    stationFiles: {
      firmwareMaxBytes: e.FIRMWARE_MAX_BYTES,
      uploadMaxBytes: e.STATION_UPLOAD_MAX_BYTES,
      urlLifetimeMs: e.STATION_FILE_URL_MINUTES * 60_000,
      baseUrl: (e.STATION_FILES_BASE_URL || '').replace(/\/+$/, '') || publicBaseUrl,
    },
    temporalUiUrl: e.TEMPORAL_UI_URL ? e.TEMPORAL_UI_URL.replace(/\/+$/, '') : null,
    alerts: {
      offlineMs: e.ALERT_OFFLINE_MINUTES * 60_000,
      longSessionMs: e.ALERT_SESSION_HOURS * 3_600_000,
      failedCommandWindowMs: e.ALERT_COMMAND_FAILURE_HOURS * 3_600_000,
      securityEventWindowMs: e.ALERT_SECURITY_EVENT_HOURS * 3_600_000,
    },
  };
}
