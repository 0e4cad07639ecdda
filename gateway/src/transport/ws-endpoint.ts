import type uWS from 'uWebSockets.js';
import { ConnectionDroppedAtUpgradeError } from '../errors.ts';
import { negotiateSubprotocol, type OcppSubprotocol, type OcppVersion } from '../protocol/index.ts';
import type { ConnectionRegistry, RegisteredConnection } from './connection-registry.ts';
import {
  chargePointIdFromPath,
  forwardedClientCertificate,
  normalizeAddress,
  parseBasicAuthorization,
  type UpgradeRequest,
} from './upgrade-request.ts';

/** The gate's verdict on an upgrade request; made from the database before any socket exists. */
export type Admission =
  | {
      readonly kind: 'accepted';
      readonly allowedSubprotocols?: readonly string[];
      /** What the gate learned about the station, handed to the listener as `connection.admission`. */
      readonly data?: unknown;
    }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'unauthorized' }
  /** Known and maybe authentic, but not allowed this way (e.g. a profile-2 station over plain ws): 403. */
  | { readonly kind: 'forbidden' }
  /** Too many failed logins from this address or for this station: 429 with `Retry-After`. */
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

/** Decides who may connect (station known, Basic auth, certificate). */
export interface StationGate {
  admit(request: UpgradeRequest): Promise<Admission>;
}

/** A live, negotiated station connection as the rest of the gateway sees it: no uWS objects leak out. */
export interface StationConnection extends RegisteredConnection {
  readonly chargePointId: string;
  readonly version: OcppVersion;
  readonly subprotocol: OcppSubprotocol;
  readonly epoch: number;
  readonly remoteAddress: string;
  /** The gate's `data` for this connection (e.g. the station's registration status). */
  readonly admission: unknown;
  /** Queues a text frame; false when the connection is closed or the frame could not be queued (then it closes). */
  send(text: string): boolean;
  close(code: number, reason: string): void;
}

/** Receives one connection's events, in order. */
export interface ConnectionHandler {
  onMessage(text: string): void;
  /** `current` is false when a newer connection replaced this one: don't mark the station offline then. */
  onClose(code: number, reason: string, current: boolean): void;
}

/** Creates the handler (actor) of a new connection. */
export type ConnectionListener = (connection: StationConnection) => ConnectionHandler;

export interface WsEndpointOptions {
  readonly gate: StationGate;
  readonly listener: ConnectionListener;
  readonly registry: ConnectionRegistry<StationConnection>;
  /** Largest accepted frame; a bigger one closes the connection with 1009. */
  readonly maxPayloadLength: number;
  /** Seconds without traffic before uWS pings, then drops the connection (granularity 4 s). */
  readonly idleTimeoutSeconds: number;
  /** Bytes buffered for a slow station before it is disconnected rather than silently losing frames. */
  readonly maxBackpressure: number;
  readonly secure: boolean;
  /**
   * Browser origins allowed to open a station connection; an upgrade with any other `Origin` header gets 403 (a web
   * page must not impersonate a station). Stations send no `Origin`.
   */
  readonly allowedOrigins?: ReadonlySet<string>;
  /**
   * Peer addresses of TLS-terminating proxies: only their `X-Forwarded-For`, `X-Forwarded-Proto` and client
   * certificate header are believed; the same headers from anyone else are ignored.
   */
  readonly trustedProxies?: ReadonlySet<string>;
  /** Header in which a trusted proxy forwards the verified client certificate (default `x-client-cert`). */
  readonly clientCertHeader?: string;
  /** Told about every refused browser origin (logging). */
  readonly onOriginRefused?: (origin: string, remoteAddress: string) => void;
  readonly onError?: (error: unknown, chargePointId: string) => void;
}

interface UserData {
  chargePointId: string;
  negotiated: { subprotocol: OcppSubprotocol; version: OcppVersion } | undefined;
  remoteAddress: string;
  admission: unknown;
  connection?: SocketConnection;
  handler?: ConnectionHandler;
  /**
   * `running` is true while uWS runs our `res.upgrade` (open handler included): a 1006 close then is uWS dropping the
   * socket. An object, because uWS copies the user data's own properties into the socket at the upgrade: a flag
   * set on the original afterwards would never reach `ws.getUserData()`.
   */
  upgrade: { running: boolean };
}

class SocketConnection implements StationConnection {
  #open = true;

  constructor(
    private readonly ws: uWS.WebSocket<UserData>,
    readonly chargePointId: string,
    readonly version: OcppVersion,
    readonly subprotocol: OcppSubprotocol,
    readonly epoch: number,
    readonly remoteAddress: string,
    readonly admission: unknown,
  ) {}

  get open(): boolean {
    return this.#open;
  }

  markClosed(): void {
    this.#open = false;
  }

  send(text: string): boolean {
    if (!this.#open) return false;
    // 0: queued behind backpressure (still delivered), 1: written, 2: dropped over maxBackpressure; uWS then closes
    // the socket (closeOnBackpressureLimit), so a dropped frame is never silent: the station reconnects and retries.
    return this.ws.send(text, false) !== 2;
  }

  close(code: number, reason: string): void {
    if (!this.#open) return;
    this.#open = false;
    this.ws.end(code, reason);
  }
}

const DECODER = new TextDecoder();

function reject(res: uWS.HttpResponse, status: string, headers: Record<string, string> = {}): void {
  res.writeStatus(status);
  for (const [name, value] of Object.entries(headers)) res.writeHeader(name, value);
  res.end();
}

/**
 * The `/OCPP/*` WebSocket behaviour: admission before the upgrade (404 unknown, 401 bad credentials, both before any
 * socket exists), sub-protocol negotiation (none acceptable: upgrade without the header, then close, as OCPP-J
 * requires), one registered connection per station, and frames handed to the station's handler in order.
 */
export function ocppWebSocketBehavior(uws: typeof uWS, options: WsEndpointOptions): uWS.WebSocketBehavior<UserData> {
  const allowedOrigins = options.allowedOrigins ?? new Set<string>();
  const trustedProxies = options.trustedProxies ?? new Set<string>();
  const clientCertHeader = (options.clientCertHeader ?? 'x-client-cert').toLowerCase();
  return {
    compression: uws.DISABLED,
    // uWS drops an oversized frame without a close frame (the station sees 1006). Its hard limit is set higher so
    // that a frame over our limit is read and answered with a proper 1009 "Message Too Big" (RFC 6455 §7.4.1).
    maxPayloadLength: Math.max(options.maxPayloadLength * 4, 16 * 1024 * 1024),
    idleTimeout: options.idleTimeoutSeconds,
    sendPingsAutomatically: true,
    maxBackpressure: options.maxBackpressure,
    // typed as a number in the bindings, read as a boolean by uWS
    closeOnBackpressureLimit: 1,

    upgrade(res, req, context) {
      // uWS request objects are only valid inside this call: copy everything first.
      const path = req.getUrl();
      const key = req.getHeader('sec-websocket-key');
      const offeredSubprotocols = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      const authorization = req.getHeader('authorization');
      const connectionHeader = req.getHeader('connection');
      const origin = req.getHeader('origin');
      const peerAddress = normalizeAddress(DECODER.decode(res.getRemoteAddressAsText()));
      const viaProxy = trustedProxies.has(peerAddress);
      const forwardedFor = viaProxy ? req.getHeader('x-forwarded-for') : '';
      const forwardedProto = viaProxy ? req.getHeader('x-forwarded-proto') : '';
      const forwardedCertificate = viaProxy ? req.getHeader(clientCertHeader) : '';
      // the proxy appends the address it saw last; earlier entries are the client's own claims
      const remoteAddress = normalizeAddress(forwardedFor.split(',').pop()?.trim() || peerAddress);
      let aborted = false;
      res.onAborted(() => {
        aborted = true;
      });

      if (origin !== '' && !allowedOrigins.has(origin)) {
        options.onOriginRefused?.(origin, remoteAddress);
        res.cork(() => reject(res, '403 Forbidden'));
        return;
      }
      const chargePointId = chargePointIdFromPath(path);
      if (chargePointId === undefined) {
        res.cork(() => reject(res, '404 Not Found'));
        return;
      }
      // RFC 6455 §4.2.1: the handshake's Connection header includes "Upgrade". uWS upgrades without checking, and a
      // `Connection: close` handshake then makes its cork() close the new socket right after the 101 (see below).
      if (!/(^|,)\s*upgrade\s*(,|$)/i.test(connectionHeader)) {
        res.cork(() => reject(res, '400 Bad Request'));
        return;
      }
      const parsed = authorization ? parseBasicAuthorization(authorization) : undefined;
      const request: UpgradeRequest = {
        chargePointId,
        offeredSubprotocols,
        credentials: parsed ?? undefined,
        malformedAuthorization: parsed === null,
        remoteAddress,
        secure: options.secure || (viaProxy && forwardedProto.trim().toLowerCase() === 'https'),
        clientCertificate: viaProxy ? forwardedClientCertificate(forwardedCertificate) : undefined,
      };
      options.gate.admit(request).then(
        (admission) => {
          if (aborted) return;
          if (admission.kind === 'unknown') return void res.cork(() => reject(res, '404 Not Found'));
          if (admission.kind === 'forbidden') return void res.cork(() => reject(res, '403 Forbidden'));
          if (admission.kind === 'throttled') {
            return void res.cork(() => reject(res, '429 Too Many Requests', { 'Retry-After': String(admission.retryAfterSeconds) }));
          }
          if (admission.kind === 'unauthorized') {
            return void res.cork(() => reject(res, '401 Unauthorized', { 'WWW-Authenticate': 'Basic realm="OCPP", charset="UTF-8"' }));
          }
          const negotiated = negotiateSubprotocol(offeredSubprotocols, admission.allowedSubprotocols);
          const userData: UserData = { chargePointId, negotiated, remoteAddress, admission: admission.data, upgrade: { running: true } };
          // An upgrade after an await must be corked (uWS.js), and uWS' HttpResponse::cork() has a bug here (fixed
          // upstream in uWebSockets PR #1929, not in the pinned build): the upgrade shrinks the socket in place, so
          // after it cork() still takes the socket for an HTTP response, reads its "Connection: close" flag from
          // what is now WebSocket memory and, when that bit happens to be set, shuts the new socket down. The
          // station got its 101 and sees 1006. Nothing here can undo that; the close handler reports it.
          res.cork(() => res.upgrade(userData, key, negotiated?.subprotocol ?? '', extensions, context));
          userData.upgrade.running = false;
        },
        (error: unknown) => {
          options.onError?.(error, chargePointId);
          if (!aborted) res.cork(() => reject(res, '503 Service Unavailable', { 'Retry-After': '10' }));
        },
      );
    },

    open(ws) {
      const data = ws.getUserData();
      if (!data.negotiated) {
        ws.end(1002, 'no acceptable OCPP subprotocol');
        return;
      }
      const { subprotocol, version } = data.negotiated;
      const connection = new SocketConnection(
        ws, data.chargePointId, version, subprotocol, options.registry.nextEpoch(), data.remoteAddress, data.admission,
      );
      data.connection = connection;
      options.registry.attach(connection);
      try {
        data.handler = options.listener(connection);
      } catch (error) {
        options.onError?.(error, data.chargePointId);
        connection.close(1011, 'internal error');
      }
    },

    message(ws, message) {
      const data = ws.getUserData();
      if (!data.handler || !data.connection?.open) return;
      if (message.byteLength > options.maxPayloadLength) {
        data.connection.close(1009, 'message too big');
        return;
      }
      // The ArrayBuffer is only valid during this callback; decoding copies it. Binary frames are read as text too:
      // a station that sends JSON in a binary frame still gets an answer, garbage gets the parser's CALLERROR.
      try {
        data.handler.onMessage(DECODER.decode(message));
      } catch (error) {
        options.onError?.(error, data.chargePointId);
      }
    },

    close(ws, code, message) {
      const data = ws.getUserData();
      // 1006 = closed without a close frame; our own end() calls in open() close with a code of their own
      if (data.upgrade.running && code === 1006) options.onError?.(new ConnectionDroppedAtUpgradeError(data.chargePointId), data.chargePointId);
      const connection = data.connection;
      if (!connection) return;
      connection.markClosed();
      const current = options.registry.detach(connection);
      try {
        data.handler?.onClose(code, DECODER.decode(message), current);
      } catch (error) {
        options.onError?.(error, data.chargePointId);
      }
    },
  };
}
