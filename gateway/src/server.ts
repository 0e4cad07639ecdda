import { ConnectionRegistry } from './transport/connection-registry.ts';
import { loadUws } from './transport/uws.ts';
import {
  ocppWebSocketBehavior,
  type ConnectionListener,
  type StationConnection,
  type StationGate,
  type WsEndpointOptions,
} from './transport/ws-endpoint.ts';

export interface GatewayServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly nodeId: string;
  /** Certificate and key files: serve `wss` (security profile 2). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  readonly gate: StationGate;
  /** Browser origins, trusted proxies and the client certificate header (docs/security.md). */
  readonly stationSecurity?: Pick<WsEndpointOptions, 'allowedOrigins' | 'trustedProxies' | 'clientCertHeader' | 'onOriginRefused'>;
  readonly listener: ConnectionListener;
  /** Largest accepted frame (`GATEWAY_MAX_FRAME_BYTES`). */
  readonly maxPayloadLength: number;
  /** `GATEWAY_IDLE_TIMEOUT_SECONDS`; uWS pings before it expires, so only a dead station hits it. */
  readonly idleTimeoutSeconds: number;
  /** Default 4 MiB. */
  readonly maxBackpressure?: number;
  readonly onError?: (error: unknown, chargePointId: string) => void;
}

/** A listening gateway. */
export interface GatewayServer {
  readonly port: number;
  readonly registry: ConnectionRegistry<StationConnection>;
  /** Stops listening and closes every station connection (1001 going away). */
  close(): void;
}

/**
 * Starts the uWebSockets.js app: the OCPP endpoint `/OCPP/{chargePointId}` and `GET /health` for the start command
 * and load balancers.
 */
export function startGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const uWS = loadUws();
  const app = options.tls
    ? uWS.SSLApp({ cert_file_name: options.tls.certFile, key_file_name: options.tls.keyFile })
    : uWS.App();
  const registry = new ConnectionRegistry<StationConnection>();
  const startedAt = new Date().toISOString();

  app.ws(
    '/OCPP/*',
    ocppWebSocketBehavior(uWS, {
      gate: options.gate,
      listener: options.listener,
      registry,
      maxPayloadLength: options.maxPayloadLength,
      idleTimeoutSeconds: options.idleTimeoutSeconds,
      maxBackpressure: options.maxBackpressure ?? 4 * 1024 * 1024,
      secure: Boolean(options.tls),
      ...options.stationSecurity,
      ...(options.onError ? { onError: options.onError } : {}),
    }),
  );
  app.get('/health', (res) => {
    res.cork(() => {
      res
        .writeHeader('content-type', 'application/json')
        .writeHeader('cache-control', 'no-store')
        .end(JSON.stringify({ status: 'ok', nodeId: options.nodeId, connections: registry.size, startedAt }));
    });
  });
  app.any('/*', (res) => {
    res.cork(() => {
      res.writeStatus('404 Not Found').writeHeader('content-type', 'application/json');
      res.end('{"error":{"code":"NotFound","message":"not found"}}');
    });
  });

  return new Promise((resolve, reject) => {
    app.listen(options.host, options.port, (socket) => {
      if (!socket) {
        reject(new Error(`gateway could not listen on ${options.host}:${options.port}`));
        return;
      }
      resolve({
        port: uWS.us_socket_local_port(socket),
        registry,
        close: () => {
          uWS.us_listen_socket_close(socket);
          for (const connection of [...registry.all()]) connection.close(1001, 'server shutting down');
        },
      });
    });
  });
}
