import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { FormFailure } from '../../ui/form-errors.ts';
import type { Operation } from '../api/operation.ts';
import { getServices } from '../services.ts';
import { fieldErrorsOfError, fieldErrorsOfZod } from './form-errors.ts';
import { requireAdmin } from './guard.ts';

type AnyOperation = Operation<z.ZodObject<z.ZodRawShape>, z.ZodObject<z.ZodRawShape>, z.ZodType, z.ZodType>;

/** The outcome of {@link runForm}: the operation's result, or the failure to return from the action. */
export type FormOutcome<T> = { ok: true; result: T } | { ok: false; failure: ActionFailure<FormFailure> };

/**
 * Runs a REST API operation from an admin form action, in process: the same role check, the same zod schemas and
 * the same handler as the API, with errors turned into messages beside the fields.
 */
export async function runForm<T = unknown>(
  event: RequestEvent,
  operation: AnyOperation,
  input: { params?: Record<string, unknown>; body?: unknown; values: Record<string, string>; conflictField?: string },
): Promise<FormOutcome<T>> {
  const principal = requireAdmin(event.locals);
  const services = getServices();
  const failure = (errors: FormFailure['errors']) => ({ ok: false as const, failure: fail(400, { errors, values: input.values }) });
  const params = operation.params ? operation.params.safeParse(input.params ?? {}) : { success: true as const, data: {} };
  if (!params.success) return failure(fieldErrorsOfZod(params.error));
  let body: unknown = undefined;
  if (operation.body) {
    const parsed = operation.body.safeParse(input.body ?? {});
    if (!parsed.success) return failure(fieldErrorsOfZod(parsed.error));
    body = parsed.data;
  }
  try {
    const result = await operation.handle({ params: params.data, query: {}, body, principal, services, event });
    return { ok: true, result: result as T };
  } catch (error) {
    return failure(fieldErrorsOfError(error, input.conflictField));
  }
}

/** Form fields as strings (files are ignored). */
export async function formValues(request: Request): Promise<Record<string, string>> {
  const data = await request.formData();
  const values: Record<string, string> = {};
  for (const [key, value] of data.entries()) if (typeof value === 'string') values[key] = value;
  return values;
}

/** An optional text field: trimmed, empty → null. */
export function optionalText(value: string | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

/** A number field: empty → undefined, else the number (NaN lets the schema report it). */
export function numberField(value: string | undefined): number | undefined {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? undefined : Number(trimmed.replace(',', '.'));
}
