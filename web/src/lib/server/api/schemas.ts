import { z } from 'zod';

/** A time in a response: ISO 8601 in UTC. */
export const isoTime = z.string().describe('ISO 8601 time in UTC');
/** A time that may be missing. */
export const isoTimeOrNull = isoTime.nullable();
/** A time in a query or body: ISO 8601 with an offset, or a plain date (midnight UTC). */
export const timeInput = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'expected an ISO 8601 date (2026-03-01) or time with offset (2026-03-01T10:00:00Z)',
  })
  .transform((value) => new Date(value));

/** `{"error":{"code","message"}}`, every error response of the API. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional().describe('the offending input field (validation errors)'),
  }),
});

/** Path parameter of a station. */
export const chargePointIdParam = z.object({ id: z.string().min(1).max(48) });
/** Path parameters of a connector (`n` is the 1.6 connectorId / 2.x EVSE id). */
export const connectorParams = z.object({ id: z.string().min(1).max(48), n: z.coerce.number().int().min(0).max(1000) });

/** `true`/`false` in a query string. */
export const queryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** `limit` and `offset` of a paged list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('page size (1–500)'),
  offset: z.coerce.number().int().min(0).default(0).describe('rows to skip'),
};

/** A page of `item`s with the total count of matches. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

/** `{status}` of a command: the station's OCPP status. */
export const commandStatusSchema = z.object({ status: z.string().describe("the station's OCPP status, e.g. Accepted") });

/** Formats a date for a response. */
export function iso(date: Date): string;
export function iso(date: Date | null): string | null;
export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
