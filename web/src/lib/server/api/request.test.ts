import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { assertNoNul } from './request.ts';

describe('assertNoNul', () => {
  it('names the field of a U+0000 anywhere in the input', () => {
    const error = (() => {
      try {
        assertNoNul({ pricing: { currency: 'EUR' }, tags: ['a', 'b\u0000'] }, 'body');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'ValidationFailed', extra: { field: 'tags.1' } });
    expect(() => assertNoNul('\u0000', 'path')).toThrow('path: must not contain the character U+0000');
  });

  it('lets every other text through, control characters and astral planes included', () => {
    expect(() => assertNoNul({ a: '\u0001\u000b\ufeff😀', b: [1, null, true, { c: 'ok' }] }, 'body')).not.toThrow();
  });
});
