import { beforeAll, expect, it } from 'vitest';

// A setup that never finishes (a browser that does not launch): the hook times out after the fixture config's 500 ms.
beforeAll(() => new Promise<void>(() => undefined));
it('would pass', () => expect(1).toBe(1));
