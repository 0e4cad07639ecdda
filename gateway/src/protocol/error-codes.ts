import type { OcppVersion } from '@csms/temporal/ocpp-version';

/**
 * RPC framework error codes as OCPP-J 1.6 §4.2.3 (table 7) spells them. Note the spec's own spellings
 * `FormationViolation` and `OccurenceConstraintViolation`.
 */
export const OCPP16_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;

/** RPC framework error codes of OCPP-J 2.0.1 and 2.1 (Part 4 §4.3). */
export const OCPP2_ERROR_CODES = [
  'FormatViolation',
  'GenericError',
  'InternalError',
  'MessageTypeNotSupported',
  'NotImplemented',
  'NotSupported',
  'OccurrenceConstraintViolation',
  'PropertyConstraintViolation',
  'ProtocolError',
  'RpcFrameworkError',
  'SecurityError',
  'TypeConstraintViolation',
] as const;

/** An error code valid on a 1.6 connection. */
export type Ocpp16ErrorCode = (typeof OCPP16_ERROR_CODES)[number];
/** An error code valid on a 2.0.1 or 2.1 connection. */
export type Ocpp2ErrorCode = (typeof OCPP2_ERROR_CODES)[number];
/** Any error code of any supported version (what a station may send us). */
export type OcppErrorCode = Ocpp16ErrorCode | Ocpp2ErrorCode;

/**
 * A version-neutral name for why a message is refused, spelled as in 2.x. {@link errorCodeFor} turns it into the
 * code of a connection's version; code that decides *why* never has to know the spelling.
 */
export type RpcErrorKind = Ocpp2ErrorCode;

const OCPP16_SPELLING: Readonly<Record<RpcErrorKind, Ocpp16ErrorCode>> = {
  FormatViolation: 'FormationViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  // 1.6 has neither RpcFrameworkError nor MessageTypeNotSupported. A frame that is not a valid RPC message "is
  // syntactically incorrect or not conform the PDU structure" (1.6 FormationViolation); an unknown message type
  // is "any other error not covered by the previous ones" (GenericError).
  RpcFrameworkError: 'FormationViolation',
  MessageTypeNotSupported: 'GenericError',
  GenericError: 'GenericError',
  InternalError: 'InternalError',
  NotImplemented: 'NotImplemented',
  NotSupported: 'NotSupported',
  PropertyConstraintViolation: 'PropertyConstraintViolation',
  ProtocolError: 'ProtocolError',
  SecurityError: 'SecurityError',
  TypeConstraintViolation: 'TypeConstraintViolation',
};

/** The error code for `kind` in the spelling of `version`'s OCPP-J specification. */
export function errorCodeFor(version: OcppVersion, kind: RpcErrorKind): OcppErrorCode {
  return version === '1.6' ? OCPP16_SPELLING[kind] : kind;
}

const KNOWN_CODES: ReadonlySet<string> = new Set<string>([...OCPP16_ERROR_CODES, ...OCPP2_ERROR_CODES]);

/** True when `code` is an error code some supported version defines (stations sometimes invent their own). */
export function isOcppErrorCode(code: string): code is OcppErrorCode {
  return KNOWN_CODES.has(code);
}
