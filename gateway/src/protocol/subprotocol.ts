import { OCPP_SUBPROTOCOLS, type OcppSubprotocol, type OcppVersion, versionOfSubprotocol } from '@csms/temporal/ocpp-version';

/** The outcome of a successful negotiation: the name to echo in `Sec-WebSocket-Protocol` and the version it means. */
export interface NegotiatedSubprotocol {
  /** Exactly as the station offered it (so a legacy `ocpp2.0` is echoed as `ocpp2.0`). */
  readonly subprotocol: OcppSubprotocol;
  readonly version: OcppVersion;
}

/**
 * Picks the sub-protocol for a WebSocket upgrade. The station lists its names in order of preference (RFC 6455
 * §4.1, `Sec-WebSocket-Protocol`), and OCPP-J lets the station choose, so the first offered name that the server
 * allows wins. Returns `undefined` when nothing is acceptable: OCPP-J then requires the server to complete the
 * handshake without a `Sec-WebSocket-Protocol` header and close the connection.
 *
 * @param offered the raw header value (`"ocpp2.0.1, ocpp1.6"`) or the already split names
 * @param allowed the sub-protocol names this server (or this station's configuration) accepts
 */
export function negotiateSubprotocol(
  offered: string | readonly string[] | undefined,
  allowed: readonly string[] = OCPP_SUBPROTOCOLS,
): NegotiatedSubprotocol | undefined {
  if (offered === undefined) return undefined;
  const names = typeof offered === 'string' ? offered.split(',') : offered;
  for (const raw of names) {
    // Sub-protocol tokens are case-sensitive (RFC 6455 §11.3.4), so only whitespace is trimmed.
    const name = raw.trim();
    if (name === '' || !allowed.includes(name)) continue;
    const version = versionOfSubprotocol(name);
    if (version !== undefined) return { subprotocol: name as OcppSubprotocol, version };
  }
  return undefined;
}
