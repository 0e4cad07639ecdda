import type { Logger } from 'pino';
import type { Database, SecretKey } from '@csms/db';
import type { TemporalSettings } from '@csms/temporal';
import type { Clock } from './actor/handler.ts';
import type { StationActor } from './actor/station-actor.ts';
import { createGatewayActivities } from './commands/call-charge-point.activity.ts';
import { startCommandWorker, type CommandWorker } from './commands/command-worker.ts';
import type { GatewayConfig, StationSecuritySettings } from './config.ts';
import { GatewayMetrics } from './metrics/gateway-metrics.ts';
import { startMetricsServer, type MetricsServer } from '@csms/temporal/metrics-server';
import type { GatewayContext } from './ocpp/context.ts';
import { loadOcppSchemas } from './protocol/schemas/schema-source.ts';
import { loadStationCa } from './pki/station-ca.ts';
import { OCPP_VERSIONS } from '@csms/temporal/ocpp-version';
import { startGatewayServer, type GatewayServer } from './server.ts';
import { NodeLease } from './station/node-lease.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle } from './station/login-throttle.ts';
import { loadClientCas } from './station/client-certificate.ts';
import { createStationGate } from './station/station-gate.ts';
import { createStationServices } from './station/station-services.ts';
import type { MeterBatchStats } from './transactions/meter-batcher.ts';
import type { VendorMessageHandler } from './ocpp/vendor-messages.ts';

/** The settings {@link startGateway} needs (a subset of {@link GatewayConfig}, so tests can pass their own). */
export type GatewaySettings = Pick<
  GatewayConfig,
  'host' | 'port' | 'nodeId' | 'tls' | 'maxFrameBytes' | 'idleTimeoutSeconds' | 'messageLogLevel' | 'nodeLeaseMs' | 'ocpp'
> &
  Partial<Pick<GatewayConfig, 'stationSecurity' | 'metrics' | 'stationCa'>>;

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  readonly db: Database;
  readonly secretKey: SecretKey;
  readonly settings: GatewaySettings;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Check handlers' answers against the response schemas too (tests). */
  readonly validateResponses?: boolean;
  /** Serve station commands from Temporal on `gateway.<nodeId>`; without it the node takes no commands (tests). */
  readonly temporal?: TemporalSettings;
  /** Vendor messages (DataTransfer from stations) the node answers with code (`ocpp/vendor-messages.ts`). */
  readonly vendorMessages?: readonly VendorMessageHandler[];
}

/** A running gateway node. */
export interface Gateway {
  readonly port: number;
  readonly server: GatewayServer;
  /** The node's command worker, when Temporal is configured. */
  readonly commandWorker: CommandWorker | undefined;
  /** Counters of the node's meter value batches. */
  readonly meterStats: Readonly<MeterBatchStats>;
  /** The node's Prometheus registry and its endpoint, when `settings.metrics` is set. */
  readonly metrics: { readonly registry: GatewayMetrics; readonly port: number } | undefined;
  /** The actor of a station connected to this node (server-initiated CALLs go through it). */
  actor(chargePointId: string): StationActor<GatewayContext> | undefined;
  /**
   * Closes the station's connection on this node because its credentials were revoked (1008); false when this node
   * holds none. Other nodes are reached through the `revokeStationConnection` workflow.
   */
  disconnectStation(chargePointId: string, reason: string): boolean;
  /** Writes buffered message log entries and last-seen times now (tests, shutdown). */
  flush(): Promise<void>;
  /** Closes every connection, writes what is buffered, marks this node's stations offline. Leaves the DB open. */
  stop(): Promise<void>;
}

/**
 * The gateway's composition: DB-backed admission, per-version routers with the OCPP handlers, one actor per
 * connection, the batched message log and last-seen writer, and the uWebSockets.js server.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { db, settings, logger } = options;
  const clock = options.clock ?? { now: () => new Date() };
  // A node that crashed left its stations marked online; nothing is connected to it now.
  const stale = await db.chargePoints.markNodeOffline(settings.nodeId, clock.now());
  if (stale > 0) logger.info({ stations: stale, nodeId: settings.nodeId }, 'stations of a previous run marked offline');

  const stationCa = settings.stationCa
    ? await loadStationCa(settings.stationCa.certFile, settings.stationCa.keyFile, settings.stationCa.certificateDays)
    : undefined;
  if (stationCa) logger.info({ ca: stationCa.certificate.subject, certificateDays: stationCa.certificateDays }, 'station CA loaded: station CSRs are signed');
  const connections: { server?: GatewayServer } = {};
  const metrics = settings.metrics
    ? new GatewayMetrics({
        nodeId: settings.nodeId,
        knownActions: knownActions(),
        connections: () => connections.server?.registry.all() ?? [],
      })
    : undefined;
  const services = createStationServices({
    db,
    settings,
    logger,
    clock,
    validateResponses: options.validateResponses ?? false,
    ...(metrics ? { metrics } : {}),
    ...(stationCa ? { stationCa } : {}),
    ...(options.vendorMessages ? { vendorMessages: options.vendorMessages } : {}),
  });

  const security = settings.stationSecurity;
  const clientCas = security?.clientCaFile ? loadClientCas(security.clientCaFile) : [];

  const server = await startGatewayServer({
    host: settings.host,
    port: settings.port,
    nodeId: settings.nodeId,
    ...(settings.tls ? { tls: settings.tls } : {}),
    stationSecurity: {
      allowedOrigins: new Set(security?.allowedOrigins ?? []),
      trustedProxies: new Set(security?.trustedProxies ?? []),
      ...(security ? { clientCertHeader: security.clientCertHeader } : {}),
      onOriginRefused: (origin, remoteAddress) => logger.warn({ origin, remoteAddress }, 'station upgrade from a browser origin refused'),
    },
    maxPayloadLength: settings.maxFrameBytes,
    idleTimeoutSeconds: settings.idleTimeoutSeconds,
    gate: createStationGate({
      db,
      secretKey: options.secretKey,
      admitUnknownStations: settings.ocpp.admitUnknownStations,
      heartbeatIntervalSeconds: settings.ocpp.heartbeatIntervalSeconds,
      logger,
      clientCas,
      ...(security ? { throttle: loginThrottles(security.loginFailures) } : {}),
    }),
    listener: services.listener,
    onError: (error, chargePointId) => logger.error({ err: error, chargePointId }, 'connection error'),
  });
  connections.server = server;
  let metricsServer: MetricsServer | undefined;
  if (metrics && settings.metrics) {
    try {
      metricsServer = await startMetricsServer({ ...settings.metrics, scrape: () => metrics.scrape(), logger });
    } catch (error) {
      server.close();
      await services.close();
      throw error;
    }
    logger.info({ host: settings.metrics.host, port: metricsServer.port }, 'metrics endpoint listening');
  }
  const lease = new NodeLease({
    db,
    nodeId: settings.nodeId,
    leaseMs: settings.nodeLeaseMs,
    heldStations: () => [...server.registry.all()].map((connection) => connection.chargePointId),
    logger,
    clock,
  });
  await lease.start();

  function disconnectStation(chargePointId: string, reason: string): boolean {
    const connection = server.registry.get(chargePointId);
    if (!connection) return false;
    logger.info({ chargePointId, reason }, 'station connection closed: its credentials were revoked');
    // 1008 policy violation; a close reason may hold 123 bytes
    connection.close(1008, Buffer.from(`revoked: ${reason}`).subarray(0, 120).toString('utf8').replace(/\uFFFD$/, ''));
    return true;
  }

  const commandWorker = options.temporal
    ? startCommandWorker({
        temporal: options.temporal,
        nodeId: settings.nodeId,
        activities: createGatewayActivities((id) => services.actors.get(id), { secretKey: options.secretKey, disconnect: disconnectStation }),
        log: logger,
      })
    : undefined;

  let stopping: Promise<void> | undefined;
  return {
    port: server.port,
    server,
    disconnectStation,
    commandWorker,
    meterStats: services.meterStats,
    metrics: metrics && metricsServer ? { registry: metrics, port: metricsServer.port } : undefined,
    actor: (id) => services.actors.get(id),
    flush: () => services.flush(),
    stop: () =>
      (stopping ??= (async () => {
        await commandWorker?.stop();
        server.close();
        // Let the close handlers of the sockets just ended queue their writes, then write everything.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await services.close();
        await db.chargePoints.markNodeOffline(settings.nodeId, clock.now());
        await lease.stop();
        await metricsServer?.close();
      })()),
  };
}

/** The gate's lockouts of client addresses and of station ids (`GATEWAY_LOGIN_*`). */
function loginThrottles(failures: StationSecuritySettings['loginFailures']): { address: LoginThrottle; station: LoginThrottle } {
  const baseLockMs = failures.lockSeconds * 1000;
  return {
    address: new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, freeFailures: failures.perAddress, baseLockMs }),
    station: new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, freeFailures: failures.perStation, baseLockMs }),
  };
}

/** Every CALL and SEND name of the versions served: the bounded set of `action` label values. */
function knownActions(): Set<string> {
  const names = new Set<string>();
  for (const version of OCPP_VERSIONS) {
    const schemas = loadOcppSchemas(version);
    for (const action of [...schemas.requests.keys(), ...schemas.sends.keys()]) names.add(action);
  }
  return names;
}
