import { TransportError } from '@temporalio/worker';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { whenTemporalAnswers } from './await-temporal.ts';

const log = pino({ level: 'silent' });

describe('waiting for Temporal at start-up', () => {
  it('retries while the server is unreachable, then returns what connecting gave', async () => {
    let calls = 0;
    const connected = await whenTemporalAnswers(
      async () => {
        calls += 1;
        if (calls < 3) throw new TransportError('tcp connect error: Connection refused');
        return 'worker';
      },
      { log, stopped: () => false, initialDelayMs: 1, maxDelayMs: 2 },
    );
    expect(connected).toBe('worker');
    expect(calls).toBe(3);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    const failing = whenTemporalAnswers(
      async () => {
        calls += 1;
        throw new Error('workflow bundle does not compile');
      },
      { log, stopped: () => false, initialDelayMs: 1 },
    );
    await expect(failing).rejects.toThrow('workflow bundle does not compile');
    expect(calls).toBe(1);
  });

  it('gives up quietly when the process is stopping', async () => {
    let stopping = false;
    const waiting = whenTemporalAnswers(
      async () => {
        stopping = true;
        throw new TransportError('tcp connect error');
      },
      { log, stopped: () => stopping, initialDelayMs: 1 },
    );
    expect(await waiting).toBeUndefined();
  });
});
