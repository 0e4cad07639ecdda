import type { Logger } from 'pino';
import type { Database } from '@csms/db';
import type { Clock } from '../actor/handler.ts';
import { OcppRouter } from '../actor/router.ts';
import type { StationActor } from '../actor/station-actor.ts';
import type { GatewayConfig } from '../config.ts';
import type { GatewayMetrics } from '../metrics/gateway-metrics.ts';
import type { GatewayContext } from '../ocpp/context.ts';
import type { StationCa } from '../pki/station-ca.ts';
import { createHandlers16 } from '../ocpp/v16/index.ts';
import { createHandlers201, createHandlers21 } from '../ocpp/v2/index.ts';
import { OcppValidator } from '../protocol/schemas/validator.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import type { ConnectionListener } from '../transport/ws-endpoint.ts';
import type { MeterBatchStats } from '../transactions/meter-batcher.ts';
import { createConnectionListener } from './connection-listener.ts';
import { LastSeenTracker } from './last-seen-tracker.ts';
import { MessageLogWriter } from './message-log-writer.ts';
import { createStationStore } from './station-store.ts';
import { StationWriter } from './station-writer.ts';
import { TagAuthorizer } from './tag-authorizer.ts';
import { VendorMessages, type VendorMessageHandler } from '../ocpp/vendor-messages.ts';

/** Options of {@link createStationServices}. */
export interface StationServicesOptions {
  readonly db: Database;
  readonly settings: Pick<GatewayConfig, 'nodeId' | 'messageLogLevel' | 'ocpp'>;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Check handlers' answers against the response schemas too (tests). */
  readonly validateResponses: boolean;
  /** Counts traffic and writer commits (metrics endpoint); absent: nothing is counted. */
  readonly metrics?: GatewayMetrics;
  /** Signs station CSRs; absent: SignCertificate is answered `Rejected`. */
  readonly stationCa?: StationCa;
  /** Handlers of vendor messages (DataTransfer) from stations. */
  readonly vendorMessages?: readonly VendorMessageHandler[];
}

/** Everything behind the socket: the listener that builds one actor per connection, and the node's writers. */
export interface StationServices {
  readonly listener: ConnectionListener;
  /** The live actor of each station on this node. */
  readonly actors: ReadonlyMap<string, StationActor<GatewayContext>>;
  readonly meterStats: Readonly<MeterBatchStats>;
  /** Writes buffered transaction writes, message log entries and last-seen times now. */
  flush(): Promise<void>;
  /** Writes what is buffered and stops the writers' timers. */
  close(): Promise<void>;
}

/** Builds one router per version, compiling every schema now so no compilation lands on the message path. */
function createRouters(validateResponses: boolean): Record<OcppVersion, OcppRouter<GatewayContext>> {
  const validator = (version: OcppVersion) => {
    const v = new OcppValidator(version);
    v.compileAll();
    return v;
  };
  return {
    '1.6': new OcppRouter({ version: '1.6', validator: validator('1.6'), handlers: createHandlers16(), validateResponses }),
    '2.0.1': new OcppRouter({ version: '2.0.1', validator: validator('2.0.1'), handlers: createHandlers201(), validateResponses }),
    '2.1': new OcppRouter({ version: '2.1', validator: validator('2.1'), handlers: createHandlers21(), validateResponses }),
  };
}

/**
 * The gateway's composition below the transport: per-version routers with the OCPP handlers, one actor per
 * connection, the node's writer (group commit), the batched message log and last-seen writer. The uWS server feeds its
 * listener; tests can feed it an in-memory connection and run the same code without a socket.
 */
export function createStationServices(options: StationServicesOptions): StationServices {
  const { db, settings, logger, clock } = options;
  const routers = createRouters(options.validateResponses);
  const metrics = options.metrics;
  const writer = new StationWriter(db, {
    now: () => clock.now(),
    // PostgreSQL writes a second batch while the first commits (docs/gateway.md, "Writes on the message path");
    // SQLite has one writer
    maxInFlight: db.dialect === 'postgresql' ? 2 : 1,
    ...(metrics ? { onCommit: (ops: number, ms: number) => metrics.writerCommitted(ops, ms) } : {}),
  });
  const messageLog = new MessageLogWriter({ level: settings.messageLogLevel, insertMany: (e) => db.bulk.insertMessageLog(e), logger });
  const lastSeen = new LastSeenTracker({ markSeenMany: (ids, at) => db.bulk.markSeen(ids, at), logger });
  const authorizer = new TagAuthorizer({
    lookup: (tagId) => db.chargeTags.get(tagId),
    cacheMs: settings.ocpp.authCacheMs,
    stripSuffix: settings.ocpp.stripTagSuffix,
  });
  const actors = new Map<string, StationActor<GatewayContext>>();
  const listener = createConnectionListener({
    nodeId: settings.nodeId,
    routers,
    store: createStationStore(db, writer),
    writer,
    authorizer,
    messageLog,
    lastSeen,
    settings: settings.ocpp,
    logger,
    clock,
    actors,
    ...(metrics ? { metrics } : {}),
    ...(options.stationCa ? { stationCa: options.stationCa } : {}),
    vendorMessages: new VendorMessages(options.vendorMessages ?? [], settings.ocpp.knownVendorIds),
  });
  return {
    listener,
    actors,
    meterStats: writer.stats,
    flush: async () => {
      await writer.flush();
      await Promise.all([messageLog.flush(), lastSeen.flush()]);
    },
    close: async () => {
      await writer.flush();
      await Promise.all([messageLog.close(), lastSeen.close()]);
    },
  };
}
