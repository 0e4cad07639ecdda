import { OCPP16_HANDLED_ACTIONS, OCPP2_HANDLED_ACTIONS } from '../../actor/handler.ts';
import { errorCodeFor, OCPP16_ERROR_CODES, OCPP2_ERROR_CODES, type RpcErrorKind } from '../../protocol/error-codes.ts';
import type { OcppValidator } from '../../protocol/schemas/validator.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import type { PayloadVerdict } from './payload-mutations.ts';

/** What the spec requires the gateway to send back for one frame. */
export type Expected =
  | { readonly answer: 'none' }
  | { readonly answer: 'error'; readonly id: string; readonly kinds: readonly RpcErrorKind[] }
  | { readonly answer: 'result'; readonly id: string; readonly action: string }
  | { readonly answer: 'result-or-error'; readonly id: string; readonly action: string; readonly kinds: readonly RpcErrorKind[] };

/**
 * The verdict of a payload nobody mutated on purpose (random JSON for a real action): a CALLRESULT if it happens
 * to be valid, else one of the schema violation codes.
 */
export const ANY_SCHEMA_VERDICT = 'schema';

const SCHEMA_KINDS: readonly RpcErrorKind[] = [
  'FormatViolation',
  'TypeConstraintViolation',
  'PropertyConstraintViolation',
  'OccurrenceConstraintViolation',
];

/** The longest message id OCPP-J allows (1.6 §4.1.4, 2.x Part 4 §4.1.4). */
const MAX_ID = 36;

/** The actions a version defines and those the gateway handles. */
export interface ActionCatalogue {
  readonly version: OcppVersion;
  known(action: string): boolean;
  handled(action: string): boolean;
}

/** The catalogue of `validator`'s version. */
export function actionCatalogue(validator: OcppValidator): ActionCatalogue {
  const handled = new Set<string>(validator.version === '1.6' ? OCPP16_HANDLED_ACTIONS : OCPP2_HANDLED_ACTIONS);
  return { version: validator.version, known: (action) => validator.hasRequest(action), handled: (action) => handled.has(action) };
}

const error = (id: string, ...kinds: RpcErrorKind[]): Expected => ({ answer: 'error', id, kinds });

/**
 * The answer OCPP-J requires for `text`, written from the specifications independently of the gateway's parser:
 * unreadable JSON or ids get `-1` (2.x Part 4 §4.2.3), answers (CALLRESULT, CALLERROR, 2.1 CALLRESULTERROR) and
 * 2.1 SENDs are never answered, an unknown message type gets MessageTypeNotSupported (1.6: GenericError), a CALL of
 * the wrong shape RpcFrameworkError (1.6: FormationViolation), an unknown action NotImplemented, a known action the
 * gateway does not serve NotSupported, and a CALL with a readable structure gets what its payload's verdict says.
 */
export function expectedAnswer(text: string, catalogue: ActionCatalogue, verdict: PayloadVerdict | typeof ANY_SCHEMA_VERDICT): Expected {
  const v21 = catalogue.version === '2.1';
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return error('-1', 'RpcFrameworkError');
  }
  if (!Array.isArray(frame)) return error('-1', 'RpcFrameworkError');
  const [type, id] = frame as unknown[];
  const isAnswer = type === 3 || type === 4 || (v21 && type === 5);
  const isSend = v21 && type === 6;
  if (isAnswer || isSend) return { answer: 'none' };
  if (typeof id !== 'string' || id === '') return error('-1', 'RpcFrameworkError');
  if (id.length > MAX_ID) return error(id, 'RpcFrameworkError');
  if (type !== 2) return error(id, 'MessageTypeNotSupported');
  if (frame.length !== 4) return error(id, 'RpcFrameworkError');
  const action: unknown = frame[2];
  const payload: unknown = frame[3];
  if (typeof action !== 'string' || action === '') return error(id, 'RpcFrameworkError');
  if (payload !== null && (typeof payload !== 'object' || Array.isArray(payload))) return error(id, 'FormatViolation');
  if (!catalogue.known(action)) return error(id, 'NotImplemented');
  if (!catalogue.handled(action)) return error(id, 'NotSupported');
  if (verdict === 'valid') return { answer: 'result', id, action };
  if (verdict === ANY_SCHEMA_VERDICT) return { answer: 'result-or-error', id, action, kinds: SCHEMA_KINDS };
  return error(id, verdict);
}

/** `CALLRESULT` or the CALLERROR code of a parsed answer frame, for statistics; `malformed` if it is neither. */
export function answerLabel(frame: unknown): string {
  if (Array.isArray(frame) && frame[0] === 3) return 'CALLRESULT';
  if (Array.isArray(frame) && frame[0] === 4 && typeof frame[2] === 'string') return frame[2];
  return 'malformed';
}

/** The message id of an answer frame, if it has one. */
export function answerId(text: string): string | undefined {
  try {
    const frame = JSON.parse(text) as unknown[];
    return typeof frame[1] === 'string' ? frame[1] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks one answer against what was expected; returns what is wrong, or `undefined`. A CALLRESULT must carry a
 * payload valid against the action's official response schema; a CALLERROR one of the expected codes in the
 * version's spelling, a string description of at most 255 characters and an object as details.
 */
export function checkAnswer(expected: Expected, text: string, validator: OcppValidator, parsed?: unknown): string | undefined {
  if (expected.answer === 'none') return `expected no answer, got ${text.slice(0, 200)}`;
  let frame: unknown[];
  try {
    frame = (parsed ?? JSON.parse(text)) as unknown[];
  } catch {
    return `answer is not JSON: ${text.slice(0, 200)}`;
  }
  if (!Array.isArray(frame) || frame[1] !== expected.id) return `answer for another id: ${text.slice(0, 200)} (expected id ${expected.id})`;
  const version = validator.version;
  if (frame[0] === 3) {
    if (expected.answer === 'error') return `expected CALLERROR ${expected.kinds.join('|')}, got ${text.slice(0, 300)}`;
    if (frame.length !== 3) return `CALLRESULT of ${frame.length} elements`;
    const violation = validator.validate('response', expected.action, frame[2]);
    return violation ? `CALLRESULT off-schema for ${expected.action}: ${violation.description}` : undefined;
  }
  if (frame[0] !== 4 || frame.length !== 5) return `neither CALLRESULT nor CALLERROR: ${text.slice(0, 200)}`;
  if (expected.answer === 'result') return `expected CALLRESULT, got ${text.slice(0, 300)}`;
  const [, , code, description, details] = frame;
  const codes: readonly string[] = version === '1.6' ? OCPP16_ERROR_CODES : OCPP2_ERROR_CODES;
  const allowed = expected.kinds.map((kind) => errorCodeFor(version, kind));
  if (typeof code !== 'string' || !codes.includes(code)) return `error code ${String(code)} does not exist in OCPP ${version}`;
  if (!(allowed as readonly string[]).includes(code)) return `expected ${allowed.join('|')}, got ${code} (${String(description)})`;
  if (typeof description !== 'string' || description.length > 255) return 'error description is not a string of at most 255 characters';
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return 'error details are not an object';
  return undefined;
}
