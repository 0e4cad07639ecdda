import { beforeAll, describe, expect, it } from 'vitest';

describe('a suite whose setup fails', () => {
  beforeAll(() => {
    throw new Error('the database did not start');
  });
  it('would pass', () => expect(1).toBe(1));
});
