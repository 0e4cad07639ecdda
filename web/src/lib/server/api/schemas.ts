import { characterCount } from '@csms/db';
import { z } from 'zod';

/** A time in a response: ISO 8601 in UTC. */
export const isoTime = z.string().describe('ISO 8601 time in UTC');
/** A time that may be missing. */
export const isoTimeOrNull = isoTime.nullable();
// The days the calendar has, years 1000–9999 (PostgreSQL has no year 0, and a filter needs no earlier one):
// `2026-02-30` is refused rather than read as 2 March. [0-9] rather than \d, which other regex dialects (the
// document's readers) take for any Unicode digit.
const YEAR = '[1-9][0-9]{3}';
const LEAP_YEAR = '(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)';
const MONTH_DAY = '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))';
const CALENDAR_DATE = `(?:${YEAR}-${MONTH_DAY}|${LEAP_YEAR}-02-29)`;
const TIME_INPUT = new RegExp(
  `^(${CALENDAR_DATE})(?:[T ]((?:[01][0-9]|2[0-3]):[0-5][0-9])(?::([0-5][0-9])(?:\\.([0-9]{1,9}))?)?(Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9]))?$`,
);

/** The instant of a {@link TIME_INPUT} match, through the one format ECMAScript guarantees to parse. */
function instantOf(value: string): Date {
  const [, date, hourMinute, second = '00', fraction = '', zone = ''] = TIME_INPUT.exec(value)!;
  if (!hourMinute) return new Date(`${date}T00:00:00.000Z`);
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return new Date(`${date}T${hourMinute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`);
}

/**
 * A time in a query or body: ISO 8601 with an offset, or a plain date (midnight UTC), years 1000–9999. The whole
 * rule is one pattern, so the OpenAPI document states exactly what the server accepts.
 */
export const timeInput = z
  .string()
  .regex(TIME_INPUT, { message: 'expected an ISO 8601 date (2026-03-01) or time with offset (2026-03-01T10:00:00Z)' })
  .transform(instantOf);

// ECMAScript's WhiteSpace and LineTerminator, exactly what String.prototype.trim removes (spelled out: \s differs
// between regex dialects, e.g. for U+FEFF)
/**
 * A string of `min` to `max` characters counted as the OpenAPI document's `minLength`/`maxLength` count them (code
 * points). zod's `.min()`/`.max()` count UTF-16 units, so a documented 40-character value of emoji was refused.
 */
export function text(min: number, max: number) {
  return z
    .string()
    .check((ctx) => {
      const length = characterCount(ctx.value);
      if (length < min) ctx.issues.push({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: ctx.value });
      if (length > max) ctx.issues.push({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: ctx.value });
    })
    .meta(min > 0 ? { minLength: min, maxLength: max } : { maxLength: max });
}

/** The refusal of a station of security profile 1 or 2 without a password (forms show it in words beside the field). */
export const PASSWORD_FOR_PROFILE = 'basicAuthPassword: security profiles 1 and 2 need a password (profile 0 runs without one)';

/** The message of a text with no visible character (forms show it as "Required."). */
export const NOT_BLANK = 'must not be blank';
const NOT_ONLY_SPACE = /[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/**
 * Text that must not be blank, stored trimmed. The rules are on the raw input (length, one visible character), so
 * the OpenAPI document states them exactly; `z.string().trim().min(1)` checks the trimmed value, which it cannot.
 */
export function nonBlankText(maxLength: number) {
  return text(1, maxLength).regex(NOT_ONLY_SPACE, NOT_BLANK).transform((value) => value.trim());
}

/** `{"error":{"code","message"}}`, every error response of the API. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional().describe('the offending input field (validation errors)'),
  }),
});

/** Path parameter of a station. */
export const chargePointIdParam = z.object({ id: text(1, 48) });
/** Path parameters of a connector (`n` is the 1.6 connectorId / 2.x EVSE id). */
export const connectorParams = z.object({ id: text(1, 48), n: z.coerce.number().int().min(0).max(1000) });

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
/** The HTTP errors of an operation that runs a station command (offline 409, timeout 504, the station's failure 502, …). */
export const COMMAND_ERRORS = [404, 409, 502, 503, 504] as const;

export const commandStatusSchema = z.object({ status: z.string().describe("the station's OCPP status, e.g. Accepted") });

/** Formats a date for a response. */
export function iso(date: Date): string;
export function iso(date: Date | null): string | null;
export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
