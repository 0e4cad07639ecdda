import { Client, type Connection } from '@temporalio/client';
import pino, { type Logger } from 'pino';
import { loadSecretKey, openDatabase, type Database, type SecretKey } from '@csms/db';
import { connectClient } from '@csms/temporal/client';
import { loadConfig, type WebConfig } from './config.ts';
import { LoginThrottle } from './auth/throttle.ts';
import { VerificationGate } from './auth/verification-gate.ts';
import { loadOverview } from './ui/overview.ts';
import { OverviewFeed } from './ui/overview-feed.ts';
import { startMetricsServer, type MetricsServer } from '@csms/temporal/metrics-server';
import { WebMetrics } from './metrics/web-metrics.ts';

/** Everything a request handler needs, created once by the `init` hook. */
export interface Services {
  readonly config: WebConfig;
  readonly log: Logger;
  readonly db: Database;
  /** Pepper for station Basic-auth password hashes. */
  readonly secretKey: SecretKey;
  /** Temporal client on a lazy connection: the app starts (and serves reads) while Temporal is down. */
  readonly temporal: Client;
  readonly temporalConnection: Connection;
  readonly loginThrottle: LoginThrottle;
  /** Caps password verifications in flight. */
  readonly passwordGate: VerificationGate;
  /** The overview's live updates (one DB poller shared by every open overview). */
  readonly overviewFeed: OverviewFeed;
  /** Request and SSE counters, or undefined when `WEB_METRICS_PORT` is unset. */
  readonly metrics?: WebMetrics;
}

let services: Services | undefined;
let metricsServer: MetricsServer | undefined;

/** Opens the database and the Temporal connection; called once from `hooks.server.ts` `init`, and only once. */
export async function initServices(env: NodeJS.ProcessEnv = process.env): Promise<Services> {
  // a second call would otherwise hand back services built from another environment without a word
  if (services) throw new Error('web services are already initialised (initServices runs once, from hooks.server.ts init)');
  const config = loadConfig(env);
  const log = pino({ level: config.logLevel, base: { service: 'web' } });
  const db = await openDatabase(config.databaseUrl);
  const secretKey = await loadSecretKey({ env, dataDir: config.dataDir });
  const temporalConnection = connectClient(config.temporal);
  const temporal = new Client({ connection: temporalConnection, namespace: config.temporal.namespace });
  const feedLog = log.child({ component: 'overview-feed' });
  const metrics = config.metrics ? new WebMetrics() : undefined;
  if (config.metrics && metrics) {
    metricsServer = await startMetricsServer({ ...config.metrics, scrape: () => metrics.scrape(), logger: log });
    log.info({ host: config.metrics.host, port: metricsServer.port }, 'metrics endpoint listening');
  }
  services = {
    ...(metrics ? { metrics } : {}),
    overviewFeed: new OverviewFeed((query, cache) => loadOverview({ db }, query, cache), config.uiPollMs, feedLog),
    config,
    log,
    db,
    secretKey,
    temporal,
    temporalConnection,
    loginThrottle: new LoginThrottle({
      maxFailures: config.loginMaxFailures,
      lockoutMs: config.loginLockoutMs,
      maxLockoutMs: config.loginMaxLockoutMs,
    }),
    // a short queue: a sign-in waits for a slot rather than failing under normal load; a flood is refused
    passwordGate: new VerificationGate(config.loginMaxConcurrentChecks, config.loginMaxConcurrentChecks * 16),
  };
  log.info({ dialect: db.dialect, temporal: config.temporal.address }, 'web app ready');
  return services;
}

/** The services of this process; throws before `init` ran. */
export function getServices(): Services {
  if (!services) throw new Error('web services are not initialised (hooks.server.ts init did not run)');
  return services;
}

/**
 * Closes what `initServices` opened (the overview's poller, the Temporal connection, the database pool), so the process
 * exits once adapter-node has closed its server; without it those handles kept it running after a SIGTERM.
 */
export async function closeServices(): Promise<void> {
  const open = services;
  if (!open) return;
  services = undefined;
  open.overviewFeed.close();
  const metrics = metricsServer;
  metricsServer = undefined;
  await Promise.allSettled([open.temporalConnection.close(), open.db.close(), metrics?.close()]);
}
