import { describe, expect, it } from 'vitest';
import { connectClient } from './client.ts';

describe('connectClient', () => {
  it('dials nothing until the first call (a process starts while Temporal is down)', async () => {
    // port 1 on loopback: nothing listens, so an eager connect would fail
    const connection = connectClient({ address: '127.0.0.1:1', namespace: 'csms', apiKey: 'k' });
    try {
      expect(connection.options).toMatchObject({ address: '127.0.0.1:1', apiKey: 'k' });
    } finally {
      await connection.close();
    }
  });
});
