import type { RpcErrorKind } from '@csms/gateway/protocol';

/** Why a simulator step failed. Every error carries a stable `code` for scripts and the CLI's exit line. */
export type SimulatorErrorCode =
  | 'NotConnected'
  | 'ConnectFailed'
  | 'ConnectionLost'
  | 'CallTimeout'
  | 'CallError'
  | 'SchemaViolation'
  | 'UnexpectedAnswer'
  | 'InvalidState'
  | 'InvalidScenario'
  | 'Usage';

/** Base class of every error the simulators throw. */
export class SimulatorError extends Error {
  readonly code: SimulatorErrorCode;

  constructor(code: SimulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A CALL was made while the station has no open connection (and the message is not one that waits offline). */
export class NotConnectedError extends SimulatorError {
  constructor(message = 'the station is not connected') {
    super('NotConnected', message);
  }
}

/** The WebSocket handshake failed: refused, HTTP 401/404, or no sub-protocol agreed. */
export class ConnectFailedError extends SimulatorError {
  /** The HTTP status the server answered the upgrade with, when it answered one. */
  readonly httpStatus: number | undefined;
  constructor(message: string, httpStatus?: number, cause?: unknown) {
    super('ConnectFailed', message, { cause });
    this.httpStatus = httpStatus;
  }
}

/** The connection closed while a CALL was waiting for its answer. */
export class ConnectionLostError extends SimulatorError {
  constructor(action: string) {
    super('ConnectionLost', `connection lost before ${action} was answered`);
  }
}

/** No answer to a CALL within the call timeout. */
export class CallTimeoutError extends SimulatorError {
  constructor(action: string, timeoutMs: number) {
    super('CallTimeout', `${action} not answered within ${timeoutMs} ms`);
  }
}

/** The server answered a CALL with a CALLERROR. */
export class CallErrorResponse extends SimulatorError {
  readonly errorCode: string;
  readonly errorDescription: string;
  readonly errorDetails: unknown;
  constructor(action: string, errorCode: string, errorDescription: string, errorDetails: unknown) {
    super('CallError', `${action} answered with CALLERROR ${errorCode}${errorDescription ? `: ${errorDescription}` : ''}`);
    this.errorCode = errorCode;
    this.errorDescription = errorDescription;
    this.errorDetails = errorDetails;
  }
}

/** A payload (sent or received) does not match the official OCA schema. */
export class SchemaViolationError extends SimulatorError {
  constructor(message: string) {
    super('SchemaViolation', message);
  }
}

/** The server answered with a valid payload that is not what the script expected. */
export class UnexpectedAnswerError extends SimulatorError {
  constructor(message: string) {
    super('UnexpectedAnswer', message);
  }
}

/** A step does not fit the station's state (e.g. stop on a connector without a transaction). */
export class InvalidStateError extends SimulatorError {
  constructor(message: string) {
    super('InvalidState', message);
  }
}

/** A scenario file that cannot be read or does not describe valid steps. */
export class InvalidScenarioError extends SimulatorError {
  constructor(message: string, cause?: unknown) {
    super('InvalidScenario', message, { cause });
  }
}

/** Bad command-line arguments. */
export class UsageError extends SimulatorError {
  constructor(message: string) {
    super('Usage', message);
  }
}

/**
 * Thrown by a server-call handler to answer with a CALLERROR instead of a CALLRESULT. `kind` is spelled as in
 * 2.x; the link translates it for 1.6 (`errorCodeFor`).
 */
export class CallRefusal extends Error {
  readonly kind: RpcErrorKind;
  constructor(kind: RpcErrorKind, description: string) {
    super(description);
    this.name = new.target.name;
    this.kind = kind;
  }
}
