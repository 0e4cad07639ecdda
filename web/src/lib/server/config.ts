import { z } from 'zod';
import { configErrorLine, flagSchema, logLevelSchema, temporalEnvShape, temporalSettings } from '@csms/temporal/env';
import { WORKER_TASK_QUEUE } from '@csms/temporal';
import { databaseUrlFromEnv, type AlertThresholds } from '@csms/db';
import type { BlockList } from 'node:net';
import { parseTrustedProxies, TrustedProxyError } from './auth/client-address.ts';
import { ConfigError } from './errors.ts';

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
  API_VALIDATE_RESPONSES: flagSchema(false),
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
  PAYMENT_WAIT_FOR_PREPARING: flagSchema(true),
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
  // adapter-node's own variables, read here too
  ORIGIN: z.string().optional(),
  PROTOCOL_HEADER: z.string().optional(),
  ADDRESS_HEADER: z.string().optional(),
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

/**
 * The web app's settings, built from the parsed variables: the one place each variable becomes a setting. A setting
 * that contradicts another is an issue on the variable to change.
 */
function toWebConfig(e: z.output<typeof envSchema>, ctx: z.RefinementCtx) {
  const refuse = (variable: string, message: string) => {
    ctx.addIssue({ code: 'custom', path: [variable], message });
    return z.NEVER;
  };
  // throws TemporalConfigError, which loadConfig turns into a ConfigError
  const temporal = temporalSettings(e);
  let trustedProxies: BlockList | null;
  try {
    trustedProxies = parseTrustedProxies(e.TRUSTED_PROXIES);
  } catch (error) {
    if (error instanceof TrustedProxyError) return refuse('TRUSTED_PROXIES', error.message);
    throw error;
  }
  // adapter-node would then take the client address from that header whoever sent it, and the proxy check is moot
  if (trustedProxies && e.ADDRESS_HEADER) return refuse('ADDRESS_HEADER', 'unset it when TRUSTED_PROXIES is set');
  const publicBaseUrl = (e.PUBLIC_BASE_URL || (e.ORIGIN && isHttpUrl(e.ORIGIN) ? e.ORIGIN : '') || '').replace(/\/+$/, '') || null;
  // Stripe needs absolute return URLs: a key without a public address is a configuration error, not a silent fallback
  if (e.STRIPE_SECRET_KEY && !publicBaseUrl) return refuse('PUBLIC_BASE_URL', 'required when STRIPE_SECRET_KEY is set (Stripe sends drivers back there)');
  /** The web app's side of paid charging. */
  const payments = {
    /** Verifies webhook signatures; null: every webhook is refused (the browser's return still works). */
    webhookSecret: e.STRIPE_WEBHOOK_SECRET || null,
    currency: e.PAYMENTS_CURRENCY,
    startWindowMs: e.PAYMENT_START_WINDOW_SECONDS * 1000,
    waitForPreparing: e.PAYMENT_WAIT_FOR_PREPARING,
    minimumEnergyWh: e.PAYMENT_MIN_ENERGY_WH,
    minimumChargeMinor: e.PAYMENT_MIN_CHARGE_MINOR,
  };
  /** Limits and addresses of the files stations download (firmware) and upload (diagnostics, logs). */
  const stationFiles = {
    /** Largest firmware image an administrator may upload. */
    firmwareMaxBytes: e.FIRMWARE_MAX_BYTES,
    /** Largest diagnostics or log file a station may upload. */
    uploadMaxBytes: e.STATION_UPLOAD_MAX_BYTES,
    /** How long a download or upload URL sent to a station stays valid. */
    urlLifetimeMs: e.STATION_FILE_URL_MINUTES * 60_000,
    /** The address stations reach the app at (`STATION_FILES_BASE_URL`, else the public base URL, else the request's). */
    baseUrl: (e.STATION_FILES_BASE_URL || '').replace(/\/+$/, '') || publicBaseUrl,
  };
  const alerts: AlertThresholds = {
    offlineMs: e.ALERT_OFFLINE_MINUTES * 60_000,
    longSessionMs: e.ALERT_SESSION_HOURS * 3_600_000,
    failedCommandWindowMs: e.ALERT_COMMAND_FAILURE_HOURS * 3_600_000,
    securityEventWindowMs: e.ALERT_SECURITY_EVENT_HOURS * 3_600_000,
  };
  return {
    dataDir: e.CSMS_DATA_DIR,
    /** `DATABASE_URL`, or the SQLite file in the data folder. */
    databaseUrl: databaseUrlFromEnv(e),
    temporal,
    logLevel: e.LOG_LEVEL,
    /** Absolute lifetime of a sign-in. */
    sessionLifetimeMs: e.SESSION_LIFETIME_HOURS * 3_600_000,
    /** A session unused this long ends. */
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    /**
     * `auto`: the cookie is `Secure` when the app knows it is served over https (`ORIGIN=https://…`, or
     * `PROTOCOL_HEADER` naming a proxy header that says https).
     */
    sessionCookieSecure: e.SESSION_COOKIE_SECURE === 'auto' ? ('auto' as const) : e.SESSION_COOKIE_SECURE === 'true',
    /** True when `ORIGIN` or `PROTOCOL_HEADER` tells the app its public scheme (adapter-node guesses https otherwise). */
    originKnown: Boolean(e.ORIGIN || e.PROTOCOL_HEADER),
    /** Failed sign-ins per user name (and per client address) before a lockout. */
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockoutMs: e.LOGIN_LOCKOUT_SECONDS * 1000,
    /** Each further lockout of a key doubles, up to this. */
    loginMaxLockoutMs: Math.max(e.LOGIN_MAX_LOCKOUT_SECONDS, e.LOGIN_LOCKOUT_SECONDS) * 1000,
    /** Password verifications in flight at once (scrypt shares libuv's thread pool with SQLite). */
    loginMaxConcurrentChecks: e.LOGIN_MAX_CONCURRENT_CHECKS,
    /** Peers whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`), or null: the socket's peer is the client. */
    trustedProxies,
    /** Largest accepted JSON request body. */
    maxBodyBytes: e.API_MAX_BODY_BYTES,
    /** Upper bound on a station command, end to end (the workflow's execution timeout). */
    commandTimeoutMs: e.COMMAND_TIMEOUT_SECONDS * 1000,
    /** Task queue of the `chargePointCommand` workflow (the worker's; tests point it at their own). */
    commandTaskQueue: e.COMMAND_TASK_QUEUE,
    /** Check every JSON response against its schema (tests turn it on). */
    validateResponses: e.API_VALIDATE_RESPONSES,
    /** Time zone of the times the UI shows (`UI_TIME_ZONE`, default the server's). */
    uiTimeZone: e.UI_TIME_ZONE || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    /** How often the overview's live feed reads the database (`UI_POLL_MS`). */
    uiPollMs: e.UI_POLL_MS,
    /** The Prometheus endpoint's listener (`WEB_METRICS_HOST`:`WEB_METRICS_PORT`), or null: no endpoint, nothing counted. */
    metrics: e.WEB_METRICS_PORT === undefined ? null : { host: e.WEB_METRICS_HOST, port: e.WEB_METRICS_PORT },
    /**
     * The address drivers reach the app at, without a trailing slash (`PUBLIC_BASE_URL`, else `ORIGIN`): the QR codes
     * on the chargers and Stripe's return URLs point there. Null when neither is set.
     */
    publicBaseUrl,
    /** Paid charging, or null when `STRIPE_SECRET_KEY` is unset (payments off). Secrets are never logged. */
    payments: e.STRIPE_SECRET_KEY ? payments : null,
    /** Task queue of the session workflows (the worker's; tests point it at their own). */
    sessionTaskQueue: e.SESSION_TASK_QUEUE,
    /** Station firmware downloads and diagnostics/log uploads (docs/ocpp-1.6.md, Firmware and diagnostics). */
    stationFiles,
    /** The Temporal UI, for links to a session's workflow (`TEMPORAL_UI_URL`), or null. */
    temporalUiUrl: e.TEMPORAL_UI_URL ? e.TEMPORAL_UI_URL.replace(/\/+$/, '') : null,
    /** When a condition becomes an alert (`ALERT_*`, docs/ui.md Alerts). */
    alerts,
  };
}

/** The web app's environment variables, with their defaults and bounds, and the settings built from them. */
const webConfigSchema = envSchema.transform(toWebConfig);

/** Settings of the web app, parsed once from the environment in the `init` hook. */
export type WebConfig = z.output<typeof webConfigSchema>;

/** Limits and addresses of the files stations download (firmware) and upload (diagnostics, logs). */
export type StationFileSettings = WebConfig['stationFiles'];

/** The web app's side of paid charging. */
export type PaymentSettings = NonNullable<WebConfig['payments']>;

/** Parses the web app's environment variables (see docs/configuration.md); throws {@link ConfigError} naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  try {
    return webConfigSchema.parse(env);
  } catch (error) {
    const line = configErrorLine(error);
    if (line === undefined) throw error;
    throw new ConfigError(line, { cause: error });
  }
}
