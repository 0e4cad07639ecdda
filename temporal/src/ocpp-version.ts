/**
 * The OCPP versions of the system and the WebSocket sub-protocol names that stand for them: the one home of these
 * spellings for the gateway, the workers, the workflows and the web app (`@csms/temporal/ocpp-version`, also in the
 * package's main export). Pure: safe in the workflow sandbox and in the browser.
 */

/** The OCPP versions the gateway speaks, in the spelling of each specification's title. */
export const OCPP_VERSIONS = ['1.6', '2.0.1', '2.1'] as const;

/** One of {@link OCPP_VERSIONS}. */
export type OcppVersion = (typeof OCPP_VERSIONS)[number];

/**
 * WebSocket sub-protocol names the gateway accepts. `ocpp2.0` is the name some 2.0.1 stations still offer (it was
 * the registered name before OCA settled on `ocpp2.0.1`); it is served as 2.0.1 and echoed as sent.
 */
export const OCPP_SUBPROTOCOLS = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.0', 'ocpp2.1'] as const;

/** One of {@link OCPP_SUBPROTOCOLS}. */
export type OcppSubprotocol = (typeof OCPP_SUBPROTOCOLS)[number];

const VERSION_BY_SUBPROTOCOL: Readonly<Record<OcppSubprotocol, OcppVersion>> = {
  'ocpp1.6': '1.6',
  'ocpp2.0.1': '2.0.1',
  'ocpp2.0': '2.0.1',
  'ocpp2.1': '2.1',
};

/** The OCPP version a sub-protocol name stands for, or `undefined` for a name the gateway does not know. */
export function versionOfSubprotocol(subprotocol: string): OcppVersion | undefined {
  return Object.hasOwn(VERSION_BY_SUBPROTOCOL, subprotocol)
    ? VERSION_BY_SUBPROTOCOL[subprotocol as OcppSubprotocol]
    : undefined;
}

/**
 * The OCPP version of a station's recorded protocol (`charge_point.protocol`: the sub-protocol name the gateway
 * negotiated, `ocpp2.0` being 2.0.1; a version written as such is taken too), or null when unknown or not recorded.
 */
export function ocppVersionOf(protocol: string | null): OcppVersion | null {
  if (protocol === null) return null;
  if ((OCPP_VERSIONS as readonly string[]).includes(protocol)) return protocol as OcppVersion;
  return versionOfSubprotocol(protocol) ?? null;
}

/** True for 2.0.1 and 2.1, which share the OCPP-J 2.x error codes and framing rules. */
export function isOcpp2(version: OcppVersion): version is '2.0.1' | '2.1' {
  return version !== '1.6';
}
