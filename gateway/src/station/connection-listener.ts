import type { Logger } from 'pino';
import type { Clock } from '../actor/handler.ts';
import type { ActorMetrics } from '../actor/actor-metrics.ts';
import type { OcppRouter } from '../actor/router.ts';
import { StationActor } from '../actor/station-actor.ts';
import type { OcppSettings } from '../config.ts';
import type { GatewayContext, StationStore } from '../ocpp/context.ts';
import type { StationCa } from '../pki/station-ca.ts';
import type { VendorMessages } from '../ocpp/vendor-messages.ts';
import type { JsonObject } from '../protocol/frames.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import type { ConnectionHandler, ConnectionListener, StationConnection } from '../transport/ws-endpoint.ts';
import type { LastSeenTracker } from './last-seen-tracker.ts';
import { recordConnection } from './record-connection.ts';
import type { MessageLogWriter } from './message-log-writer.ts';
import type { StationWriter } from './station-writer.ts';
import type { AdmittedStation } from './station-gate.ts';
import type { TagAuthorizer } from './tag-authorizer.ts';
import { StationSessions } from '../transactions/station-sessions.ts';

/** Everything a connection's actor is built from; shared by all connections of the node. */
export interface ConnectionListenerDeps {
  readonly nodeId: string;
  readonly routers: Readonly<Record<OcppVersion, OcppRouter<GatewayContext>>>;
  readonly store: StationStore;
  readonly writer: StationWriter;
  readonly authorizer: TagAuthorizer;
  readonly messageLog: MessageLogWriter;
  readonly lastSeen: LastSeenTracker;
  readonly settings: OcppSettings;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The live actor of each station on this node (for server-initiated commands). */
  readonly actors: Map<string, StationActor<GatewayContext>>;
  /** Traffic counters (metrics endpoint); absent: not counted. */
  readonly metrics?: ActorMetrics;
  /** Signs station CSRs; absent: SignCertificate is answered `Rejected`. */
  readonly stationCa?: StationCa;
  /** The node's vendor message table (DataTransfer). */
  readonly vendorMessages?: VendorMessages;
}

/**
 * Creates one {@link StationActor} per accepted connection and records the connection's life in the DB: online with
 * node id and a fresh epoch on open; offline on close, but only when this connection was still the current one and
 * the DB still holds its epoch (a station that reconnected, here or on another node, stays online).
 */
export function createConnectionListener(deps: ConnectionListenerDeps): ConnectionListener {
  return (connection: StationConnection): ConnectionHandler => {
    const id = connection.chargePointId;
    const admitted = connection.admission as AdmittedStation | undefined;
    const logger = deps.logger.child({ chargePointId: id });
    const context: GatewayContext = {
      stationId: id,
      version: connection.version,
      logger,
      clock: deps.clock,
      station: {
        registrationStatus: admitted?.registrationStatus ?? 'Accepted',
        heartbeatInterval: admitted?.heartbeatInterval ?? deps.settings.heartbeatIntervalSeconds,
      },
      db: deps.store,
      // method shorthand, not an arrow in a property: the runtime transpiler names such arrows with a property of
      // their own, which costs a 256-byte backing store per function and connection (issue 14, idle memory)
      authorize(idTag) {
        return deps.authorizer.authorize(idTag, deps.clock.now());
      },
      settings: deps.settings,
      sessions: new StationSessions(),
      ...(deps.stationCa ? { stationCa: deps.stationCa } : {}),
      ...(deps.vendorMessages ? { vendorMessages: deps.vendorMessages } : {}),
      callStation(action, payload) {
        return actor.call(action, payload as JsonObject);
      },
    };
    const actor = new StationActor<GatewayContext>({
      context,
      router: deps.routers[connection.version],
      send(text) {
        if (!connection.send(text)) throw new Error('connection closed or over its backpressure limit');
      },
      callTimeoutMs: deps.settings.callTimeoutMs,
      lenient: admitted?.lenient ?? false,
      observer: deps.messageLog.observer(id),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    });
    deps.actors.set(id, actor);
    let open = true;
    const connected = recordConnection(
      () => deps.writer.connect({ chargePointId: id, nodeId: deps.nodeId, protocol: connection.subprotocol, at: deps.clock.now() }),
      () => open,
      (error, retryInMs) => logger.error({ err: error, retryInMs }, 'could not record the connection; trying again'),
    );
    connected.then(
      (epoch) => logger.info({ protocol: connection.subprotocol, remoteAddress: connection.remoteAddress, epoch }, 'station connected'),
      (error: unknown) => logger.error({ err: error }, 'could not record the connection before it closed'),
    );

    return {
      onMessage(text) {
        deps.lastSeen.touch(id);
        actor.receive(text);
      },
      onClose(code, reason, current) {
        open = false;
        actor.close(`socket closed (${code})`);
        if (deps.actors.get(id) === actor) deps.actors.delete(id);
        logger.info({ code, reason, current }, current ? 'station disconnected' : 'replaced by a newer connection');
        if (!current) return;
        connected
          .then((epoch) => deps.writer.disconnect({ chargePointId: id, epoch, at: deps.clock.now() }))
          .catch((error: unknown) => logger.error({ err: error }, 'could not record the disconnection'));
      },
    };
  };
}
