import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';

/** A running {@link startTlsTerminatingProxy}. */
export interface TlsTerminatingProxy {
  readonly port: number;
  close(): Promise<void>;
}

const STRIPPED = /^(x-client-cert|x-forwarded-for|x-forwarded-proto):/i;

/**
 * A stand-in for nginx with `ssl_verify_client optional` in front of the gateway (docs/security.md, profile 3), for
 * tests: terminates TLS on 127.0.0.1 with `cert`/`key`, requests a client certificate, answers 400 when one is sent
 * that does not verify against `ca` (as nginx does), and forwards the request to `target` with what nginx's
 * documented configuration sets: `X-Client-Cert` (URL-encoded PEM, as `$ssl_client_escaped_cert`),
 * `X-Forwarded-Proto: https` and `X-Forwarded-For`, after removing any such header the client sent.
 */
export function startTlsTerminatingProxy(options: { readonly cert: string; readonly key: string; readonly ca: string; readonly target: number }): Promise<TlsTerminatingProxy> {
  const open = new Set<Socket>();
  const server = createServer({ cert: options.cert, key: options.key, ca: options.ca, requestCert: true, rejectUnauthorized: false }, (client: TLSSocket) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    const peer = client.getPeerX509Certificate();
    if (peer && !client.authorized) {
      client.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const lines = head.subarray(0, end).toString('latin1').split('\r\n').filter((line) => !STRIPPED.test(line));
      lines.push('X-Forwarded-Proto: https', `X-Forwarded-For: ${client.remoteAddress ?? ''}`);
      if (peer) lines.push(`X-Client-Cert: ${encodeURIComponent(peer.toString())}`);
      const upstream = netConnect(options.target, '127.0.0.1', () => {
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        upstream.write(head.subarray(end + 4));
        client.pipe(upstream).pipe(client);
      });
      open.add(upstream);
      upstream.on('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
