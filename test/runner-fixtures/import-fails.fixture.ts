import { expect, it } from 'vitest';

function loadConfiguration(): never {
  throw new Error('this file does not load');
}

loadConfiguration();
it('never registered', () => expect(1).toBe(1));
