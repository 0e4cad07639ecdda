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
  /** The client's address: the socket's peer, or the address a trusted proxy forwarded (`X-Forwarded-For`). */
  readonly remoteAddress: string;
  /** Whether the connection arrived over TLS (`wss`), at the gateway or at a trusted proxy (`X-Forwarded-Proto`). */
  readonly secure: boolean;
  /** The client certificate (PEM) a trusted TLS-terminating proxy verified and forwarded; never from anyone else. */
  readonly clientCertificate?: string | undefined;
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

/**
 * The client certificate a proxy forwarded, as PEM: nginx sends `$ssl_client_escaped_cert` (URL-encoded PEM), HAProxy
 * `ssl_c_der,base64` (base64 DER, no PEM armour). `undefined` when the header is empty or unreadable.
 */
export function forwardedClientCertificate(header: string): string | undefined {
  const value = header.trim();
  if (value === '') return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  if (decoded.startsWith('-----BEGIN CERTIFICATE-----')) return decoded;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(decoded)) return undefined;
  const base64 = decoded.replace(/\s+/g, '');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** An IPv4 peer as uWS may spell it on a dual-stack socket (`::ffff:1.2.3.4`), in its plain form. */
export function normalizeAddress(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
