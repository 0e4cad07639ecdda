import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { InvalidInputError } from '../errors.ts';

/** True for a unique-constraint violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException;
}

/** Splits rows into batches small enough for one multi-row INSERT on both dialects. */
export function chunk<T>(rows: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < rows.length; i += size) batches.push(rows.slice(i, i + size));
  return batches;
}

// RFC 3986 pchar without percent-encoding and without ':', which splits Basic-auth credentials and OCPP 2.0.1 forbids
const CHARGE_POINT_ID = /^[A-Za-z0-9._~!$&'()*+,;=@-]{1,48}$/;

/** Throws {@link InvalidInputError} unless `id` can be the last path segment of a station URL as is. */
export function assertChargePointId(id: string): void {
  if (!CHARGE_POINT_ID.test(id)) {
    throw new InvalidInputError(
      `"${id}" cannot be a charge point id: use 1 to 48 letters, digits or . _ ~ - (no spaces, slashes or colons)`,
    );
  }
}

// printable ASCII without spaces: what RFID readers and 2.x idTokens carry
const TAG_ID = /^[\x21-\x7e]{1,36}$/;

/** Throws {@link InvalidInputError} unless `tagId` is 1–36 printable characters without spaces. */
export function assertTagId(tagId: string): void {
  if (!TAG_ID.test(tagId)) {
    throw new InvalidInputError(`"${tagId}" cannot be a tag id: use 1 to 36 printable characters without spaces`);
  }
}

/** Throws {@link InvalidInputError} unless `value` is a non-negative safe integer. */
export function assertCount(name: string, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidInputError(`${name} must be a whole number ≥ 0`);
}
