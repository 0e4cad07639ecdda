import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A listening proxy. */
export interface TcpProxy {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The load balancer in front of several gateway nodes, reduced to what the dead-node run needs: each new client
 * connection goes to the first of `backends()` that accepts it; when either side closes, so does the other. A node
 * that dies drops its stations, and their reconnects land on the next node.
 */
export async function startTcpProxy(backends: () => readonly number[]): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const tryNext = (candidates: readonly number[]) => {
      const [port, ...rest] = candidates;
      if (port === undefined) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ host: '127.0.0.1', port });
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
      upstream.on('error', () => {
        if (!connected) tryNext(rest);
        else client.destroy();
      });
      client.on('error', () => upstream.destroy());
    };
    tryNext(backends());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
