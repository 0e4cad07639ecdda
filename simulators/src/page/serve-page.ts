import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const FILES: Readonly<Record<string, [file: string, type: string]>> = {
  '/': ['simulator.html', 'text/html; charset=utf-8'],
  '/simulator.html': ['simulator.html', 'text/html; charset=utf-8'],
  '/simulator.js': ['simulator.js', 'text/javascript; charset=utf-8'],
};

/** A running page server: its URL and how to stop it. */
export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the browser simulator (simulators/static) on `host:port`; only its two files, nothing else from disk.
 * The web app may mount the same files at `/simulator` later.
 */
export async function servePage(port = 0, host = '127.0.0.1'): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const entry = FILES[(request.url ?? '/').split('?')[0] ?? '/'];
    if (request.method !== 'GET' || entry === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    readFile(fileURLToPath(new URL(`../../static/${entry[0]}`, import.meta.url))).then(
      (body) => response.writeHead(200, { 'content-type': entry[1], 'cache-control': 'no-cache' }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
