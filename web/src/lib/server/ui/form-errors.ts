import type { z } from 'zod';
import type { FieldErrors, Message } from '../../ui/form-errors.ts';
import { NOT_BLANK, PASSWORD_FOR_PROFILE } from '../api/schemas.ts';
import { toApiError } from '../errors.ts';

/** Fields whose pattern has its own explanation in the catalog (`errors.format.<field>`). */
const FORMAT_FIELDS = new Set(['id', 'tagId', 'parentTagId', 'username', 'currency']);

function lastSegment(path: readonly PropertyKey[]): string {
  return String(path[path.length - 1] ?? '');
}

/** Translates one zod issue into a catalog message (zod's own texts are English only). */
export function messageOfIssue(issue: z.core.$ZodIssue): Message {
  const field = lastSegment(issue.path);
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { key: 'errors.required' } : { key: 'errors.tooShort', params: { min } };
      return { key: 'errors.min', params: { min } };
    }
    case 'too_big':
      return issue.origin === 'string'
        ? { key: 'errors.tooLong', params: { max: Number(issue.maximum) } }
        : { key: 'errors.max', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      if (issue.message === NOT_BLANK) return { key: 'errors.required' };
      return FORMAT_FIELDS.has(field) ? { key: `errors.format.${field}` } : { key: 'errors.invalid' };
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return { key: 'errors.number' };
      return { key: 'errors.required' };
    case 'custom':
      return { key: field === 'expiresAt' ? 'errors.date' : 'errors.invalid' };
    default:
      return { key: 'errors.invalid' };
  }
}

/** Every issue of a zod error, first one per field (the field name is the dotted path). */
export function fieldErrorsOfZod(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.map(String).join('.') || '_form';
    errors[name] ??= messageOfIssue(issue);
  }
  return errors;
}

/**
 * Translates an error thrown by an operation or repository into form errors: validation errors go beside their field,
 * a conflict beside `conflictField` (the key that already exists), anything else to the form as a whole. Unexpected
 * errors are rethrown (SvelteKit logs them and shows the error page).
 */
export function fieldErrorsOfError(error: unknown, conflictField = '_form'): FieldErrors {
  const apiError = toApiError(error);
  if (apiError.status >= 500) throw error;
  const field = typeof apiError.extra.field === 'string' ? apiError.extra.field : undefined;
  if (apiError.status === 409) {
    return { [conflictField]: { key: /admin/i.test(apiError.message) ? 'errors.lastAdmin' : 'errors.exists' } };
  }
  if (apiError.status === 404) return { _form: { key: 'errors.notFound' } };
  if (apiError.message === PASSWORD_FOR_PROFILE) return { basicAuthPassword: { key: 'errors.passwordForProfile' } };
  if (field) return { [field]: { key: 'errors.invalid' } };
  return { _form: { key: 'errors.failed', params: { message: apiError.message } } };
}
