import { createServer } from 'node:http';
import type { Logger } from 'pino';

/** A listening metrics endpoint. */
export interface WebMetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` on a listener of its own (`WEB_METRICS_HOST`:`WEB_METRICS_PORT`), apart from the app's port:
 * the app faces users, the metrics port only the scraper, and no sign-in stands in its way (docs/deployment.md).
 */
export function startWebMetricsServer(options: {
  readonly host: string;
  readonly port: number;
  readonly scrape: () => Promise<{ readonly contentType: string; readonly body: string }>;
  readonly log: Logger;
}): Promise<WebMetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed\n');
    options.scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body),
      (error: unknown) => {
        options.log.error({ err: error }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('scrape failed\n');
      },
    );
  });
  // a scraper keeps its connection open between scrapes; close() must not wait for it
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : options.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
