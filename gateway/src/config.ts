import { hostname } from 'node:os';
import { z } from 'zod';
import { databaseUrlFromEnv, parseMessageLogLevel } from '@csms/db';
import { NODE_ID_PATTERN } from '@csms/temporal';
import { flagSchema as flag, logLevelSchema, portSchema, temporalEnvShape, temporalSettings } from '@csms/temporal/env';

/** The longest `GATEWAY_IDLE_TIMEOUT_SECONDS`: a proxy in front must keep quiet connections longer than this. */
export const MAX_IDLE_TIMEOUT_SECONDS = 960;

const seconds = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z
  .object({
    ...temporalEnvShape,
    DATABASE_URL: z.string().min(1).optional(),
    CSMS_DATA_DIR: z.string().min(1).default('data'),
    GATEWAY_HOST: z.string().min(1).default('0.0.0.0'),
    GATEWAY_PORT: portSchema(8081),
    GATEWAY_NODE_ID: z
      .string()
      .regex(NODE_ID_PATTERN, 'use 1-64 letters, digits, ".", "_" or "-"')
      .default(hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'gateway'),
    GATEWAY_TLS_CERT_FILE: z.string().min(1).optional(),
    GATEWAY_TLS_KEY_FILE: z.string().min(1).optional(),
    GATEWAY_ALLOWED_ORIGINS: z.string().optional(),
    GATEWAY_TRUSTED_PROXIES: z.string().default(''),
    GATEWAY_CLIENT_CERT_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name: letters, digits and "-"')
      .default('x-client-cert'),
    GATEWAY_CLIENT_CA_FILE: z.string().min(1).optional(),
    GATEWAY_STATION_CA_CERT_FILE: z.string().min(1).optional(),
    GATEWAY_STATION_CA_KEY_FILE: z.string().min(1).optional(),
    GATEWAY_STATION_CERT_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
    NODE_ENV: z.string().optional(),
    GATEWAY_LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
    GATEWAY_LOGIN_FAILURES_PER_STATION: z.coerce.number().int().min(1).max(100_000).default(5),
    GATEWAY_LOGIN_LOCK_SECONDS: seconds(1, 1, 3600),
    // 1 KiB .. 64 MiB; OCPP.Core's default of 1 MiB (NotifyReport frames are large)
    GATEWAY_MAX_FRAME_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    // uWS counts idle time in steps of 4 s and needs at least 8 s
    GATEWAY_IDLE_TIMEOUT_SECONDS: seconds(120, 8, MAX_IDLE_TIMEOUT_SECONDS),
    OCPP_HEARTBEAT_INTERVAL_SECONDS: seconds(300, 1, 86_400),
    OCPP_CALL_TIMEOUT_SECONDS: seconds(30, 1, 600),
    OCPP_AUTH_CACHE_SECONDS: seconds(10, 0, 3600),
    OCPP_DATA_TRANSFER_VENDOR_IDS: z.string().default(''),
    OCPP_STRIP_TAG_SUFFIX: flag(false),
    OCPP_ADMIT_UNKNOWN_STATIONS: flag(false),
    OCPP_METER_EVENT_INTERVAL_SECONDS: seconds(60, 0, 86_400),
    OCPP_DENY_CONCURRENT_TX: flag(false),
    GATEWAY_NODE_LEASE_SECONDS: seconds(30, 3, 3600),
    // unset or empty: no metrics endpoint; 0 picks a free port (tests)
    GATEWAY_METRICS_PORT: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(65535).optional()),
    GATEWAY_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    MESSAGE_LOG_LEVEL: z.string().optional(),
    LOG_LEVEL: logLevelSchema,
    LOG_TAG_IDS: flag(false),
  })
  .refine((env) => Boolean(env.GATEWAY_TLS_CERT_FILE) === Boolean(env.GATEWAY_TLS_KEY_FILE), {
    message: 'set both GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE, or neither',
    path: ['GATEWAY_TLS_CERT_FILE'],
  })
  .refine((env) => Boolean(env.GATEWAY_STATION_CA_CERT_FILE) === Boolean(env.GATEWAY_STATION_CA_KEY_FILE), {
    message: 'set both GATEWAY_STATION_CA_CERT_FILE and GATEWAY_STATION_CA_KEY_FILE, or neither',
    path: ['GATEWAY_STATION_CA_CERT_FILE'],
  });

/** Origins of the browser simulator (`npx csms-sim-page --port 8090`), allowed outside production. */
export const DEVELOPMENT_ORIGINS = ['http://127.0.0.1:8090', 'http://localhost:8090'] as const;

const list = (value: string): readonly string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The gateway's settings, built from the parsed variables: the one place each variable becomes a setting. */
function toGatewayConfig(parsed: z.output<typeof envSchema>) {
  /** Who may connect how (docs/security.md). */
  const stationSecurity = {
    /** Browser origins allowed to open a station connection; an upgrade with any other `Origin` is refused. */
    allowedOrigins:
      parsed.GATEWAY_ALLOWED_ORIGINS !== undefined
        ? list(parsed.GATEWAY_ALLOWED_ORIGINS)
        : parsed.NODE_ENV === 'production'
          ? []
          : [...DEVELOPMENT_ORIGINS],
    /** Addresses of TLS-terminating proxies whose forwarded client address, scheme and certificate are believed. */
    trustedProxies: list(parsed.GATEWAY_TRUSTED_PROXIES),
    /** Header carrying the proxy-verified client certificate (profile 3). */
    clientCertHeader: parsed.GATEWAY_CLIENT_CERT_HEADER.toLowerCase(),
    /** PEM file of the CAs that issue profile-3 station certificates; unset: profile-3 stations are refused. */
    clientCaFile: parsed.GATEWAY_CLIENT_CA_FILE,
    /**
     * Failed logins after which a client address, or a station id, is locked out for `lockSeconds`, doubled with each
     * further failure (at most 15 minutes).
     */
    loginFailures: {
      perAddress: parsed.GATEWAY_LOGIN_FAILURES_PER_ADDRESS,
      perStation: parsed.GATEWAY_LOGIN_FAILURES_PER_STATION,
      lockSeconds: parsed.GATEWAY_LOGIN_LOCK_SECONDS,
    },
  };
  /** The OCPP behaviour settings the handlers and the gate read. */
  const ocpp = {
    /** Heartbeat interval for stations the gateway registers itself (the station record holds each one's own). */
    heartbeatIntervalSeconds: parsed.OCPP_HEARTBEAT_INTERVAL_SECONDS,
    /** Timeout of a server-initiated CALL. */
    callTimeoutMs: parsed.OCPP_CALL_TIMEOUT_SECONDS * 1000,
    /** How long an authorization decision is reused (0: every Authorize reads the DB). */
    authCacheMs: parsed.OCPP_AUTH_CACHE_SECONDS * 1000,
    /** DataTransfer vendor ids answered `Accepted`; any other gets `UnknownVendorId`. */
    knownVendorIds: new Set(list(parsed.OCPP_DATA_TRANSFER_VENDOR_IDS)) as ReadonlySet<string>,
    /** Retry an unknown tag without a trailing `_<suffix>` (KEBA load-management masters append their serial). */
    stripTagSuffix: parsed.OCPP_STRIP_TAG_SUFFIX,
    /** Admit unknown stations as `Pending` instead of refusing them with 404. */
    admitUnknownStations: parsed.OCPP_ADMIT_UNKNOWN_STATIONS,
    /** At most one coalesced `meter` session event per session in this many ms (0: one per reading). */
    meterEventIntervalMs: parsed.OCPP_METER_EVENT_INTERVAL_SECONDS * 1000,
    /** A tag with an open transaction cannot start another (1.6 `ConcurrentTx`, 2.x `idTokenInfo.status`). */
    denyConcurrentTx: parsed.OCPP_DENY_CONCURRENT_TX,
  };
  return {
    host: parsed.GATEWAY_HOST,
    port: parsed.GATEWAY_PORT,
    nodeId: parsed.GATEWAY_NODE_ID,
    databaseUrl: databaseUrlFromEnv(parsed),
    dataDir: parsed.CSMS_DATA_DIR,
    tls:
      parsed.GATEWAY_TLS_CERT_FILE && parsed.GATEWAY_TLS_KEY_FILE
        ? { certFile: parsed.GATEWAY_TLS_CERT_FILE, keyFile: parsed.GATEWAY_TLS_KEY_FILE }
        : undefined,
    stationSecurity,
    /**
     * The CA that signs station CSRs (SignCertificate) and its certificates' validity in days; undefined: every
     * SignCertificate is answered `Rejected` (docs/security.md, Station certificates from CSRs).
     */
    stationCa:
      parsed.GATEWAY_STATION_CA_CERT_FILE && parsed.GATEWAY_STATION_CA_KEY_FILE
        ? { certFile: parsed.GATEWAY_STATION_CA_CERT_FILE, keyFile: parsed.GATEWAY_STATION_CA_KEY_FILE, certificateDays: parsed.GATEWAY_STATION_CERT_DAYS }
        : undefined,
    maxFrameBytes: parsed.GATEWAY_MAX_FRAME_BYTES,
    idleTimeoutSeconds: parsed.GATEWAY_IDLE_TIMEOUT_SECONDS,
    /** The node's liveness lease; its stations are shown offline at most this long (plus a sweep) after it dies. */
    nodeLeaseMs: parsed.GATEWAY_NODE_LEASE_SECONDS * 1000,
    /** Where `GET /metrics` listens (Prometheus); undefined: no endpoint (docs/deployment.md, Metrics). */
    metrics: parsed.GATEWAY_METRICS_PORT === undefined ? undefined : { host: parsed.GATEWAY_METRICS_HOST, port: parsed.GATEWAY_METRICS_PORT },
    messageLogLevel: parseMessageLogLevel(parsed.MESSAGE_LOG_LEVEL),
    ocpp,
    temporal: temporalSettings(parsed),
    logLevel: parsed.LOG_LEVEL,
    /** `LOG_TAG_IDS`: log charge tag ids in full; by default they are masked (`04…9F`). */
    logTagIds: parsed.LOG_TAG_IDS,
  };
}

/** The gateway's environment variables, with their defaults and bounds, and the settings built from them. */
const gatewayConfigSchema = envSchema.transform(toGatewayConfig);

/** Everything the gateway process reads from its environment, parsed once at start. */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

/** Who may connect how (docs/security.md). */
export type StationSecuritySettings = GatewayConfig['stationSecurity'];

/** The OCPP behaviour settings the handlers and the gate read. */
export type OcppSettings = GatewayConfig['ocpp'];

/** Parses the environment; throws a `ZodError` (or the db package's `InvalidInputError`) naming the bad variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return gatewayConfigSchema.parse(env);
}
