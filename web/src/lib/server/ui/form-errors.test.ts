import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { nonBlankText } from '../api/schemas.ts';
import { fieldErrorsOfZod } from './form-errors.ts';

function errorsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return fieldErrorsOfZod(result.error);
}

describe('form errors of a zod error', () => {
  const form = z.object({ name: nonBlankText(100), password: z.string().min(16) });

  it('says "Required." for an empty or blank name, not "Invalid value."', () => {
    expect(errorsOf(form, { name: '', password: 'x'.repeat(16) }).name).toEqual({ key: 'errors.required' });
    expect(errorsOf(form, { name: ' \t ', password: 'x'.repeat(16) }).name).toEqual({ key: 'errors.required' });
  });

  it('names the minimum of a text that is too short and the maximum of one too long', () => {
    expect(errorsOf(form, { name: 'ok', password: 'short' }).password).toEqual({ key: 'errors.tooShort', params: { min: 16 } });
    expect(errorsOf(form, { name: 'x'.repeat(101), password: 'x'.repeat(16) }).name).toEqual({ key: 'errors.tooLong', params: { max: 100 } });
  });
});
