import type { AddressInfo } from 'node:net';
import {
  connect as connectHttp2,
  constants,
  createSecureServer,
  type ClientHttp2Session,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerHttp2Session,
} from 'node:http2';

/** A running {@link startTemporalTlsProxy}. */
export interface TemporalTlsProxy {
  /** `127.0.0.1:<port>`, for `TEMPORAL_ADDRESS`. */
  readonly address: string;
  /** The request headers of every gRPC call that got through, oldest first. */
  readonly requests: readonly IncomingHttpHeaders[];
  close(): Promise<void>;
}

const RESPONSE_PSEUDO = new Set([':status']);
const REQUEST_PSEUDO = new Set([':method', ':path']);

function copyHeaders(headers: IncomingHttpHeaders, keepPseudo: ReadonlySet<string>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && (!name.startsWith(':') || keepPseudo.has(name))) out[name] = value;
  }
  return out;
}

/**
 * A stand-in for the TLS front of a Temporal cluster (Temporal Cloud, or a self-hosted frontend with
 * `tls.frontend` set), for tests: the dev server speaks only plain gRPC, so this terminates TLS (ALPN h2) on
 * 127.0.0.1 with `cert`/`key` and forwards each gRPC call, headers, body and trailers, to `target` over h2c. With
 * `clientCa` it demands a client certificate signed by that CA (mutual TLS) and drops the handshake otherwise. Every
 * call's request headers are recorded, so a test can see the `authorization` metadata a client sent.
 */
export function startTemporalTlsProxy(options: {
  readonly cert: string;
  readonly key: string;
  readonly clientCa?: string;
  readonly target: string;
}): Promise<TemporalTlsProxy> {
  const requests: IncomingHttpHeaders[] = [];
  const sessions = new Set<ServerHttp2Session>();
  let upstream: ClientHttp2Session | undefined;
  const upstreamSession = (): ClientHttp2Session => {
    if (!upstream || upstream.closed || upstream.destroyed) {
      upstream = connectHttp2(`http://${options.target}`);
      upstream.on('error', () => undefined);
    }
    return upstream;
  };
  const server = createSecureServer({
    cert: options.cert,
    key: options.key,
    ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  server.on('stream', (stream, headers) => {
    requests.push(headers);
    const request = upstreamSession().request(copyHeaders(headers, REQUEST_PSEUDO));
    let trailers: IncomingHttpHeaders = {};
    stream.pipe(request);
    request.on('response', (responseHeaders) => {
      stream.respond(copyHeaders(responseHeaders, RESPONSE_PSEUDO), { waitForTrailers: true });
      request.pipe(stream);
    });
    request.on('trailers', (received) => {
      trailers = received;
    });
    stream.on('wantTrailers', () => stream.sendTrailers(copyHeaders(trailers, new Set())));
    request.on('error', () => {
      if (!stream.closed) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    });
    stream.on('error', () => undefined);
    stream.on('close', () => {
      if (!request.closed) request.close(constants.NGHTTP2_CANCEL);
    });
  });
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            for (const session of sessions) session.destroy();
            upstream?.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
