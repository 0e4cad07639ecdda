import { expect, it } from 'vitest';

it('fails', () => expect({ connected: 1000, disconnects: 1, sent: 5 }).toMatchObject({ connected: 1000, disconnects: 0 }));
