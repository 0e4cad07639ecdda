import { afterAll, describe, expect, it } from 'vitest';

describe('a suite', () => {
  afterAll(() => {
    throw new Error('suite teardown failed');
  });
  it('passes', () => expect(1).toBe(1));
});
