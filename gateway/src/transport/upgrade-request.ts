/** What the gateway needs from a WebSocket upgrade request, copied out of uWS objects that die after the handler. */
export interface UpgradeRequest {
  /** The last segment of the URL path, percent-decoded. */
  readonly chargePointId: string;
  /** The raw `Sec-WebSocket-Protocol` header ('' when absent). */
  readonly offeredSubprotocols: string;
  /** Basic-auth credentials, when an `Authorization: Basic …` header was sent. */
  readonly credentials: BasicCredentials | undefined;
  /** True when an `Authorization` header was present but not readable Basic credentials. */
  readonly malformedAuthorization: boolean;
  readonly remoteAddress: string;
  /** Whether the connection arrived over TLS (`wss`). */
  readonly secure: boolean;
}

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** Path prefix of the OCPP endpoint. */
export const OCPP_PATH_PREFIX = '/OCPP/';

/**
 * The station id from a request path `/OCPP/{chargePointId}`: the last segment, percent-decoded (OCPP-J §3.1.1: the
 * id is URL-encoded by the station). `undefined` when there is no usable id.
 */
export function chargePointIdFromPath(path: string): string | undefined {
  if (!path.startsWith(OCPP_PATH_PREFIX)) return undefined;
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const raw = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (raw === '') return undefined;
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  // OCPP identities are CiString48 in 2.x (and by convention in 1.6); control characters never belong in one.
  // eslint-disable-next-line no-control-regex
  if (id.length > 48 || /[\u0000-\u001f\u007f/]/.test(id)) return undefined;
  return id;
}

/**
 * Decodes `Authorization: Basic base64(user:password)`, splitting at the *first* colon (RFC 7617 §2: the user id
 * cannot contain one, the password may). Returns `null` for a header that is present but unreadable.
 */
export function parseBasicAuthorization(header: string): BasicCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
