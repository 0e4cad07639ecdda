import type { z } from 'zod';
import { ApiError } from '../errors.ts';

/** Turns a zod failure into a 400 that names the first offending field. */
export function validationError(error: z.ZodError, where: 'body' | 'query' | 'path'): ApiError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || where;
  return new ApiError(400, 'ValidationFailed', `${field}: ${issue.message}`, { field });
}

/** Parses `value` with `schema` or throws {@link validationError}. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'path'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/**
 * Refuses U+0000 anywhere in a parsed input (path, query, JSON body), naming the field: SQLite ends a string literal
 * at it and PostgreSQL cannot store it, so it would otherwise reach the database as a 500. The OpenAPI document
 * states the rule on every input string (openapi.ts). Dates and other parsed values pass.
 */
export function assertNoNul(value: unknown, where: 'body' | 'query' | 'path', path: readonly string[] = []): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      const field = path.join('.') || where;
      throw new ApiError(400, 'ValidationFailed', `${field}: must not contain the character U+0000`, { field });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoNul(item, where, [...path, String(index)]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) assertNoNul(item, where, [...path, key]);
  }
}

/** Query parameters as an object; a repeated parameter becomes an array. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/**
 * Reads a JSON body of at most `maxBytes`: 413 when larger, 415 unless the type is JSON, 400 for malformed JSON.
 * An empty body reads as `{}`. With `csv`, a `text/csv` body reads as `{ csv: <text> }`.
 */
export async function readJsonBody(request: Request, maxBytes: number, options: { csv?: boolean } = {}): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return {};
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const type = request.headers.get('content-type') ?? '';
  if (options.csv && /^text\/csv\b/i.test(type)) return { csv: text };
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, 'UnsupportedMediaType', options.csv ? 'send the body as text/csv or application/json' : 'send the body as application/json');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'InvalidJson', 'the body is not valid JSON');
  }
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'PayloadTooLarge', `the body exceeds ${maxBytes} bytes`);
}
