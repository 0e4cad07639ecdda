import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Produces the Prometheus exposition on each scrape. */
export type MetricsScrape = () => Promise<{ readonly contentType: string; readonly body: string }>;

/**
 * A minimal `GET /health` endpoint: 200 with the report while `healthy()` is true, 503 otherwise; with `metrics`,
 * also `GET /metrics` (Prometheus; the port is internal, 127.0.0.1 by default).
 */
export async function startHealthServer(
  host: string,
  port: number,
  report: () => { healthy: boolean; [key: string]: unknown },
  metrics?: MetricsScrape,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (metrics && req.method === 'GET' && req.url === '/metrics') {
      metrics().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`scrape failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    if (req.method !== 'GET' || req.url !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound","message":"not found"}}');
      return;
    }
    const { healthy, ...details } = report();
    res
      .writeHead(healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable', ...details }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
