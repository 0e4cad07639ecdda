import { hostname } from 'node:os';
import { z } from 'zod';
import { parseMessageLogLevel, type MessageLogLevel } from '@csms/db';
import { logLevelSchema, portSchema, temporalEnvShape, temporalSettings } from '@csms/temporal/env';
import type { TemporalSettings } from '@csms/temporal';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
    .default(fallback ? 'true' : 'false')
    .transform((value) => (value === '' ? fallback : ['true', '1', 'yes', 'on'].includes(value)));

/** Default length of a node's liveness lease (docs/gateway.md, Node liveness). */
export const DEFAULT_NODE_LEASE_MS = 30_000;

/** The longest `GATEWAY_IDLE_TIMEOUT_SECONDS`: a proxy in front must keep quiet connections longer than this. */
export const MAX_IDLE_TIMEOUT_SECONDS = 960;

const seconds = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z
  .object({
    ...temporalEnvShape,
    DATABASE_URL: z.string().min(1).optional(),
    CSMS_DATA_DIR: z.string().min(1).default('data'),
    GATEWAY_HOST: z.string().min(1).default('0.0.0.0'),
    GATEWAY_PORT: portSchema(8081),
    GATEWAY_NODE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1-64 letters, digits, ".", "_" or "-"')
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
    GATEWAY_NODE_LEASE_SECONDS: seconds(DEFAULT_NODE_LEASE_MS / 1000, 3, 3600),
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

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Who may connect how (docs/security.md). */
export interface StationSecuritySettings {
  /** Browser origins allowed to open a station connection; an upgrade with any other `Origin` is refused. */
  readonly allowedOrigins: readonly string[];
  /** Addresses of TLS-terminating proxies whose forwarded client address, scheme and certificate are believed. */
  readonly trustedProxies: readonly string[];
  /** Header carrying the proxy-verified client certificate (profile 3). */
  readonly clientCertHeader: string;
  /** PEM file of the CAs that issue profile-3 station certificates; unset: profile-3 stations are refused. */
  readonly clientCaFile: string | undefined;
  /**
   * Failed logins after which a client address, or a station id, is locked out for `lockSeconds`, doubled with each
   * further failure (at most 15 minutes).
   */
  readonly loginFailures: { readonly perAddress: number; readonly perStation: number; readonly lockSeconds: number };
}

/** The OCPP behaviour settings the handlers and the gate read. */
export interface OcppSettings {
  /** Heartbeat interval for stations the gateway registers itself (the station record holds each one's own). */
  readonly heartbeatIntervalSeconds: number;
  /** Timeout of a server-initiated CALL. */
  readonly callTimeoutMs: number;
  /** How long an authorization decision is reused (0: every Authorize reads the DB). */
  readonly authCacheMs: number;
  /** DataTransfer vendor ids answered `Accepted`; any other gets `UnknownVendorId`. */
  readonly knownVendorIds: ReadonlySet<string>;
  /** Retry an unknown tag without a trailing `_<suffix>` (KEBA load-management masters append their serial). */
  readonly stripTagSuffix: boolean;
  /** Admit unknown stations as `Pending` instead of refusing them with 404. */
  readonly admitUnknownStations: boolean;
  /** At most one coalesced `meter` session event per session in this many ms (0: one per reading); default 60 s. */
  readonly meterEventIntervalMs?: number;
  /** A tag with an open transaction cannot start another (1.6 `ConcurrentTx`, 2.x `idTokenInfo.status`); default off. */
  readonly denyConcurrentTx?: boolean;
}

/** Everything the gateway process reads from its environment, parsed once at start. */
export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  readonly nodeId: string;
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly stationSecurity: StationSecuritySettings;
  /**
   * The CA that signs station CSRs (SignCertificate) and its certificates' validity in days; undefined: every
   * SignCertificate is answered `Rejected` (docs/security.md, Station certificates from CSRs).
   */
  readonly stationCa?: { readonly certFile: string; readonly keyFile: string; readonly certificateDays: number } | undefined;
  readonly maxFrameBytes: number;
  readonly idleTimeoutSeconds: number;
  /** The node's liveness lease; its stations are shown offline at most this long (plus a sweep) after it dies. */
  readonly nodeLeaseMs: number;
  /** Where `GET /metrics` listens (Prometheus); undefined: no endpoint (docs/deployment.md, Metrics). */
  readonly metrics: { readonly host: string; readonly port: number } | undefined;
  readonly messageLogLevel: MessageLogLevel;
  readonly ocpp: OcppSettings;
  readonly temporal: TemporalSettings;
  readonly logLevel: z.infer<typeof logLevelSchema>;
  /** `LOG_TAG_IDS`: log charge tag ids in full; by default they are masked (`04…9F`). */
  readonly logTagIds: boolean;
}

/** Parses the environment; throws a `ZodError` (or the db package's `InvalidInputError`) naming the bad variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = schema.parse(env);
  return {
    host: parsed.GATEWAY_HOST,
    port: parsed.GATEWAY_PORT,
    nodeId: parsed.GATEWAY_NODE_ID,
    databaseUrl: parsed.DATABASE_URL ?? `sqlite://${parsed.CSMS_DATA_DIR}/csms.sqlite`,
    dataDir: parsed.CSMS_DATA_DIR,
    tls:
      parsed.GATEWAY_TLS_CERT_FILE && parsed.GATEWAY_TLS_KEY_FILE
        ? { certFile: parsed.GATEWAY_TLS_CERT_FILE, keyFile: parsed.GATEWAY_TLS_KEY_FILE }
        : undefined,
    stationSecurity: {
      allowedOrigins:
        parsed.GATEWAY_ALLOWED_ORIGINS !== undefined
          ? list(parsed.GATEWAY_ALLOWED_ORIGINS)
          : parsed.NODE_ENV === 'production'
            ? []
            : [...DEVELOPMENT_ORIGINS],
      trustedProxies: list(parsed.GATEWAY_TRUSTED_PROXIES),
      clientCertHeader: parsed.GATEWAY_CLIENT_CERT_HEADER.toLowerCase(),
      clientCaFile: parsed.GATEWAY_CLIENT_CA_FILE,
      loginFailures: {
        perAddress: parsed.GATEWAY_LOGIN_FAILURES_PER_ADDRESS,
        perStation: parsed.GATEWAY_LOGIN_FAILURES_PER_STATION,
        lockSeconds: parsed.GATEWAY_LOGIN_LOCK_SECONDS,
      },
    },
    stationCa:
      parsed.GATEWAY_STATION_CA_CERT_FILE && parsed.GATEWAY_STATION_CA_KEY_FILE
        ? { certFile: parsed.GATEWAY_STATION_CA_CERT_FILE, keyFile: parsed.GATEWAY_STATION_CA_KEY_FILE, certificateDays: parsed.GATEWAY_STATION_CERT_DAYS }
        : undefined,
    maxFrameBytes: parsed.GATEWAY_MAX_FRAME_BYTES,
    idleTimeoutSeconds: parsed.GATEWAY_IDLE_TIMEOUT_SECONDS,
    nodeLeaseMs: parsed.GATEWAY_NODE_LEASE_SECONDS * 1000,
    metrics: parsed.GATEWAY_METRICS_PORT === undefined ? undefined : { host: parsed.GATEWAY_METRICS_HOST, port: parsed.GATEWAY_METRICS_PORT },
    messageLogLevel: parseMessageLogLevel(parsed.MESSAGE_LOG_LEVEL),
    ocpp: {
      heartbeatIntervalSeconds: parsed.OCPP_HEARTBEAT_INTERVAL_SECONDS,
      callTimeoutMs: parsed.OCPP_CALL_TIMEOUT_SECONDS * 1000,
      authCacheMs: parsed.OCPP_AUTH_CACHE_SECONDS * 1000,
      knownVendorIds: new Set(
        parsed.OCPP_DATA_TRANSFER_VENDOR_IDS.split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      ),
      stripTagSuffix: parsed.OCPP_STRIP_TAG_SUFFIX,
      admitUnknownStations: parsed.OCPP_ADMIT_UNKNOWN_STATIONS,
      meterEventIntervalMs: parsed.OCPP_METER_EVENT_INTERVAL_SECONDS * 1000,
      denyConcurrentTx: parsed.OCPP_DENY_CONCURRENT_TX,
    },
    temporal: temporalSettings(parsed),
    logLevel: parsed.LOG_LEVEL,
    logTagIds: parsed.LOG_TAG_IDS,
  };
}
