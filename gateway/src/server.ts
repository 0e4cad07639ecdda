import { loadUws } from './transport/uws.ts';

export interface GatewayServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly nodeId: string;
}

/** A listening gateway. */
export interface GatewayServer {
  readonly port: number;
  close(): void;
}

/**
 * Starts the uWebSockets.js app: `GET /health` for the start command and load balancers, and the OCPP endpoint
 * `/OCPP/{chargePointId}` (protocol handling arrives with the gateway issue).
 */
export function startGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const uWS = loadUws();
  const app = uWS.App();
  const startedAt = new Date().toISOString();
  app.get('/health', (res) => {
    res.cork(() => {
      res
        .writeHeader('content-type', 'application/json')
        .writeHeader('cache-control', 'no-store')
        .end(JSON.stringify({ status: 'ok', nodeId: options.nodeId, startedAt }));
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
      resolve({ port: uWS.us_socket_local_port(socket), close: () => uWS.us_listen_socket_close(socket) });
    });
  });
}
