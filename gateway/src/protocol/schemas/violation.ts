import type { ErrorObject } from 'ajv';
import type { RpcErrorKind } from '../error-codes.ts';
import { INT32_KEYWORD, TEXT_KEYWORD } from './ocpp-constraints.ts';

/** A payload that does not match its OCA schema, with the CALLERROR reason it maps to. */
export interface SchemaViolation {
  /** Version-neutral reason; `errorCodeFor(version, kind)` gives the code to send. */
  readonly kind: RpcErrorKind;
  /** Human-readable, e.g. `/idTag must NOT have more than 20 characters`. */
  readonly description: string;
  /**
   * Only meaningful in lenient mode: true when every violation is one a handler can live with (a too-long
   * string, an unknown enum value, an extra property), so the message may be processed anyway.
   */
  readonly soft: boolean;
}

/**
 * Maps a failed schema keyword to the OCPP-J error reason, following the code descriptions of OCPP-J 1.6 §4.2.3
 * and 2.x Part 4 §4.3: a missing field or wrong cardinality violates an *occurrence* constraint, a value of the
 * wrong JSON type a *type* constraint, a value out of its allowed set or range a *property* constraint, and a
 * payload whose structure does not fit the PDU (not an object at all, unknown properties) is a *format*
 * violation (1.6: "syntactically incorrect or not conform the PDU structure").
 *
 * @param payload the validated payload, to tell a non-string in an enum field (type) from an unknown value (property)
 */
export function violationKind(error: ErrorObject, payload?: unknown): RpcErrorKind {
  switch (error.keyword) {
    case 'required':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return 'OccurrenceConstraintViolation';
    case 'type':
      return error.instancePath === '' ? 'FormatViolation' : 'TypeConstraintViolation';
    case 'enum':
      // Ajv checks an enum before the type beside it. Every OCPP enum is a string enum, so a value that is not a
      // string violates the data type ("somestring": 12345 is the specs' own TypeConstraintViolation example).
      return payload !== undefined && typeof valueAt(payload, error.instancePath) !== 'string' ? 'TypeConstraintViolation' : 'PropertyConstraintViolation';
    case 'const':
    case 'maxLength':
    case 'minLength':
    case 'pattern':
    case 'format':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
    case INT32_KEYWORD:
    case TEXT_KEYWORD:
      return 'PropertyConstraintViolation';
    default:
      return 'FormatViolation';
  }
}

/** The value at a JSON pointer such as `/meterValue/0/sampledValue/1/unit`. */
function valueAt(payload: unknown, pointer: string): unknown {
  let node = payload;
  for (const raw of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/**
 * Violations a lenient station may get away with: the payload still has every required field with the right
 * JSON type, so a handler can read it. Missing fields, wrong types, integers beyond 32 bits and malformed text are never soft.
 */
export function isSoftViolation(error: ErrorObject): boolean {
  // neither an integer beyond 32 bits nor a U+0000 or unpaired surrogate can be stored: no leniency for them
  return error.keyword !== 'required' && error.keyword !== 'type' && error.keyword !== INT32_KEYWORD && error.keyword !== TEXT_KEYWORD;
}

/** One line per error, `<path> <message>`, for the CALLERROR description and logs. */
export function describeErrors(errors: readonly ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath === '' ? '/' : e.instancePath} ${e.message ?? e.keyword}`).join('; ');
}
