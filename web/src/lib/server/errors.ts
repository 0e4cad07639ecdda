import { json } from '@sveltejs/kit';
import { DbError } from '@csms/db';

/** Error codes of the REST API (the `error.code` of every error response). */
export type ApiErrorCode =
  | 'Unauthorized'
  | 'Forbidden'
  | 'CsrfRejected'
  | 'TooManyAttempts'
  | 'ValidationFailed'
  | 'InvalidJson'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'NotFound'
  | 'Conflict'
  | 'ChargePointOffline'
  | 'ChargePointTimeout'
  | 'ChargePointError'
  | 'ConnectionLost'
  | 'InvalidCommand'
  | 'TemporalUnavailable'
  | 'Internal';

/** Thrown for an environment the app cannot start with; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An error the API answers with as `{"error":{"code","message"}}` and `status`; `field` names a bad input. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.headers = options?.headers ?? {};
  }
  readonly headers: Record<string, string>;
}

const DB_STATUS: Record<string, [number, ApiErrorCode]> = {
  INVALID_INPUT: [400, 'ValidationFailed'],
  NOT_FOUND: [404, 'NotFound'],
  CONFLICT: [409, 'Conflict'],
};

/** Translates a thrown value into an {@link ApiError}: API errors as they are, `@csms/db` errors by code, else 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DbError && DB_STATUS[error.code]) {
    const [status, code] = DB_STATUS[error.code]!;
    return new ApiError(status, code, error.message, {}, { cause: error });
  }
  return new ApiError(500, 'Internal', 'internal error', {}, { cause: error });
}

/** The JSON response of an error. */
export function errorResponse(error: ApiError): Response {
  return json(
    { error: { code: error.code, message: error.message, ...error.extra } },
    { status: error.status, headers: { 'cache-control': 'no-store', ...error.headers } },
  );
}
