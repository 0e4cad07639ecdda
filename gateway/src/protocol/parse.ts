import type { RpcErrorKind } from './error-codes.ts';
import { type Frame, MessageType } from './frames.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';

/**
 * Why a text frame is not a usable OCPP-J message, and how to answer it. Returned (never thrown) by
 * {@link parseFrame}, so a flood of garbage costs no stack traces.
 */
export interface FrameViolation {
  /** The frame's message id, or `"-1"` when it cannot be read (OCPP-J 2.x Part 4 §4.2.3). */
  readonly messageId: string;
  /** The message type number when it could be read. */
  readonly messageType: number | undefined;
  /** The reason, version-neutral; see `errorCodeFor`. */
  readonly kind: RpcErrorKind;
  readonly description: string;
}

/** OCPP-J: messageId is string[36] (1.6 §4.1.4, 2.x Part 4 §4.1.4). */
export const MAX_MESSAGE_ID_LENGTH = 36;

/** The message id to answer with when a frame's own id cannot be read (OCPP-J 2.x Part 4 §4.2.3). */
export const UNREADABLE_MESSAGE_ID = '-1';

/** True when {@link parseFrame} refused the frame. */
export function isFrameViolation(parsed: Frame | FrameViolation): parsed is FrameViolation {
  return !Array.isArray(parsed);
}

/**
 * Parses one WebSocket text frame with `JSON.parse` and checks its RPC structure (not its payload: that is the
 * schema validator's job). On success the parsed array itself is returned, typed; a `null` payload is replaced
 * by `{}` because OCPP-J 2.x Part 4 §4.1.5 names both notations for "no payload".
 *
 * @param version decides which message types exist: CALLRESULTERROR (5) and SEND (6) only in 2.1
 * @param maxMessageIdLength ids longer than this are refused (`Infinity` for lenient stations)
 */
export function parseFrame(
  text: string,
  version: OcppVersion,
  maxMessageIdLength: number = MAX_MESSAGE_ID_LENGTH,
): Frame | FrameViolation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return violation(UNREADABLE_MESSAGE_ID, undefined, 'RpcFrameworkError', 'frame is not valid JSON');
  }
  if (!Array.isArray(value)) {
    return violation(UNREADABLE_MESSAGE_ID, undefined, 'RpcFrameworkError', 'frame is not a JSON array');
  }
  const frame = value as unknown[];
  const type = frame[0];
  const messageType = typeof type === 'number' ? type : undefined;
  const id = frame[1];
  if (typeof id !== 'string' || id === '') {
    return violation(UNREADABLE_MESSAGE_ID, messageType, 'RpcFrameworkError', 'message id is missing or not a string');
  }
  if (id.length > maxMessageIdLength) {
    return violation(id, messageType, 'RpcFrameworkError', `message id is longer than ${maxMessageIdLength} characters`);
  }
  switch (messageType) {
    case MessageType.Call:
      return checkRequest(frame, id, messageType);
    case MessageType.CallResult:
      if (frame.length !== 3) return violation(id, messageType, 'RpcFrameworkError', 'CALLRESULT must have 3 elements');
      return checkPayload(frame, 2, id, messageType);
    case MessageType.CallError:
      return checkError(frame, id, messageType);
    case MessageType.CallResultError:
      if (version !== '2.1') break;
      return checkError(frame, id, messageType);
    case MessageType.Send:
      if (version !== '2.1') break;
      return checkRequest(frame, id, messageType);
  }
  return violation(id, messageType, 'MessageTypeNotSupported', `message type ${String(type)} is not supported`);
}

function checkRequest(frame: unknown[], id: string, type: number): Frame | FrameViolation {
  if (frame.length !== 4) return violation(id, type, 'RpcFrameworkError', 'CALL must have 4 elements');
  const action = frame[2];
  if (typeof action !== 'string' || action === '') {
    return violation(id, type, 'RpcFrameworkError', 'action is missing or not a string');
  }
  return checkPayload(frame, 3, id, type);
}

function checkPayload(frame: unknown[], index: number, id: string, type: number): Frame | FrameViolation {
  const payload = frame[index];
  if (payload === null) {
    frame[index] = {};
  } else if (typeof payload !== 'object' || Array.isArray(payload)) {
    return violation(id, type, 'FormatViolation', 'payload is not a JSON object');
  }
  return frame as Frame;
}

function checkError(frame: unknown[], id: string, type: number): Frame | FrameViolation {
  // Stations do send CALLERRORs without the details element; what matters is the code, so tolerate that.
  if (frame.length !== 5 && frame.length !== 4) {
    return violation(id, type, 'RpcFrameworkError', 'CALLERROR must have 5 elements');
  }
  if (typeof frame[2] !== 'string') return violation(id, type, 'RpcFrameworkError', 'error code is not a string');
  if (typeof frame[3] !== 'string') frame[3] = frame[3] === undefined || frame[3] === null ? '' : String(frame[3]);
  const details = frame[4];
  if (details === undefined || details === null || typeof details !== 'object' || Array.isArray(details)) {
    frame[4] = details === undefined || details === null ? {} : { value: details };
  }
  return frame as Frame;
}

function violation(messageId: string, messageType: number | undefined, kind: RpcErrorKind, description: string) {
  return { messageId, messageType, kind, description } satisfies FrameViolation;
}
