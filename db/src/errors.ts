/** Error codes of `@csms/db`; callers translate them at their edges (HTTP status, CLI exit code). */
export type DbErrorCode = 'BAD_DATABASE_URL' | 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_SECRET_KEY' | 'BAD_SEALED_SECRET';

/** Base class of the errors this package raises on purpose; anything else is a bug or an infrastructure failure. */
export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** `DATABASE_URL` is neither `sqlite://…` nor `postgres://…`, or is malformed. */
export class DatabaseUrlError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BAD_DATABASE_URL', message, options);
  }
}

/** Input that can never be stored: a malformed id, a short station password, an unknown role, a bad date. */
export class InvalidInputError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}

/** The row the caller names does not exist. */
export class NotFoundError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('NOT_FOUND', message, options);
  }
}

/** The row exists already, or another row depends on it. */
export class ConflictError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFLICT', message, options);
  }
}

/** Another active paid session holds the connector (the payment table's unique index said so). */
export class ConnectorBusyError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFLICT', message, options);
  }
}

/** The server-side pepper (`CSMS_SECRET_KEY` or the key file) is unusable. */
export class SecretKeyError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BAD_SECRET_KEY', message, options);
  }
}

/** A sealed command secret cannot be opened: tampered, expired, for another station or key, or another server key. */
export class SealedSecretError extends DbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BAD_SEALED_SECRET', message, options);
  }
}
