/**
 * The gateway's error types (DESIGN.md §7: classes with `name`, `code`, `cause`). They are translated only at the
 * edges: into a CALLERROR for a station, into an `ApplicationFailure` for a command workflow, into an HTTP status
 * by the web app.
 */
import type { RpcErrorKind } from './protocol/error-codes.ts';
import type { SchemaViolation } from './protocol/schemas/violation.ts';

/** Base class: every gateway error has a stable machine-readable `code`. */
export abstract class GatewayError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Thrown by an OCPP handler to answer the station's CALL with a specific CALLERROR, e.g. `SecurityError` for a
 * message before an accepted BootNotification (OCPP 2.0.1 B02.FR.09). Any other error a handler throws becomes
 * `InternalError`.
 */
export class OcppCallError extends GatewayError {
  readonly code = 'OcppCallError';

  constructor(
    /** Version-neutral reason; the router spells it for the connection's version. */
    readonly rpcError: RpcErrorKind,
    message: string,
    readonly details?: object,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A server-initiated CALL got no answer within its timeout. */
export class CallTimeoutError extends GatewayError {
  readonly code = 'ChargePointTimeout';

  constructor(
    readonly action: string,
    readonly messageId: string,
    readonly timeoutMs: number,
  ) {
    super(`${action} (${messageId}) was not answered within ${timeoutMs} ms`);
  }
}

/** The connection closed while a server-initiated CALL was queued or waiting for its answer. */
export class ConnectionLostError extends GatewayError {
  readonly code = 'ConnectionLost';

  constructor(
    readonly action: string,
    reason?: string,
    options?: { cause?: unknown },
  ) {
    super(`connection lost before ${action} was answered${reason ? `: ${reason}` : ''}`, options);
  }
}

/** The station answered a server-initiated CALL with a CALLERROR. */
export class CallErrorResponseError extends GatewayError {
  readonly code = 'ChargePointError';

  constructor(
    readonly action: string,
    /** The code exactly as the station sent it (it may not be a valid OCPP code). */
    readonly errorCode: string,
    readonly errorDescription: string,
    readonly errorDetails: object,
  ) {
    super(`station answered ${action} with ${errorCode}${errorDescription ? `: ${errorDescription}` : ''}`);
  }
}

/** The station's CALLRESULT to a server-initiated CALL does not match the response schema. */
export class InvalidCallResultError extends GatewayError {
  readonly code = 'InvalidCallResult';

  constructor(
    readonly action: string,
    readonly violation: SchemaViolation,
  ) {
    super(`invalid ${action} response from station: ${violation.description}`);
  }
}

/** A server-initiated CALL was refused before sending: unknown action or a payload that fails its schema. */
export class InvalidCallError extends GatewayError {
  readonly code = 'InvalidCall';

  constructor(
    readonly action: string,
    readonly violation: SchemaViolation,
  ) {
    super(`refusing to send ${action}: ${violation.description}`);
  }
}

/** Too many server-initiated CALLs are waiting for one station. */
export class CallQueueFullError extends GatewayError {
  readonly code = 'CallQueueFull';

  constructor(
    readonly action: string,
    readonly limit: number,
  ) {
    super(`${action} refused: ${limit} calls are already queued for this station`);
  }
}

/**
 * uWebSockets.js closed a connection inside its own upgrade, right after the station got its 101: the bug of
 * uWebSockets' `HttpResponse::cork()` fixed upstream in uWebSockets PR #1929 and present in the pinned build. The
 * station sees the handshake succeed and the socket drop without a close frame (1006); it must connect again.
 * Reported so it is visible, never thrown.
 */
export class ConnectionDroppedAtUpgradeError extends GatewayError {
  readonly code = 'ConnectionDroppedAtUpgrade';

  constructor(readonly chargePointId: string) {
    super(`uWebSockets closed the connection of ${chargePointId} inside the upgrade, right after the 101 (uWebSockets cork/upgrade bug); the station must reconnect`);
  }
}

/** `GATEWAY_CLIENT_CA_FILE` names a file without a readable CA certificate: the node does not start. */
export class ClientCaFileError extends GatewayError {
  readonly code = 'ClientCaFileInvalid';
}

/** The station CA (`GATEWAY_STATION_CA_CERT_FILE` / `_KEY_FILE`) cannot be loaded: the node does not start. */
export class StationCaError extends GatewayError {
  readonly code = 'StationCaInvalid';
}

/** A station's CSR (SignCertificate) is not signed; `reason` is what the log and the 2.x `additionalInfo` say. */
export class CsrRefusedError extends GatewayError {
  readonly code = 'CsrRefused';

  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`CSR refused: ${reason}`, options);
  }
}

/** Raised when the uWebSockets.js native binary did not load (its JS fallback cannot upgrade sockets). */
export class NativeUwsMissingError extends GatewayError {
  readonly code = 'UWS_NATIVE_MISSING';
}
