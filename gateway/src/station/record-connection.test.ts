import { afterEach, describe, expect, it, vi } from 'vitest';
import { RECORD_RETRY_FIRST_MS, recordConnection } from './record-connection.ts';

describe('recording a connection', () => {
  afterEach(() => vi.useRealTimers());

  it('tries again after a failed write, with growing delays, until the database takes it', async () => {
    vi.useFakeTimers();
    const attempt = vi.fn<() => Promise<number>>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockRejectedValueOnce(new Error('the database system is starting up'))
      .mockResolvedValueOnce(7);
    const retries: number[] = [];
    const recorded = recordConnection(attempt, () => true, (_error, delay) => retries.push(delay));
    await vi.advanceTimersByTimeAsync(RECORD_RETRY_FIRST_MS);
    expect(attempt).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(RECORD_RETRY_FIRST_MS * 2);
    await expect(recorded).resolves.toBe(7);
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(retries).toEqual([RECORD_RETRY_FIRST_MS, RECORD_RETRY_FIRST_MS * 2]);
  });

  it('gives up with the last error once the connection closed', async () => {
    vi.useFakeTimers();
    let open = true;
    const attempt = vi.fn<() => Promise<number>>().mockRejectedValue(new Error('ECONNREFUSED'));
    const recorded = recordConnection(attempt, () => open, () => undefined);
    const outcome = recorded.then(() => 'recorded', (error: Error) => error.message);
    await vi.advanceTimersByTimeAsync(RECORD_RETRY_FIRST_MS);
    open = false;
    await vi.advanceTimersByTimeAsync(RECORD_RETRY_FIRST_MS * 2);
    expect(await outcome).toBe('ECONNREFUSED');
    expect(attempt).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempt).toHaveBeenCalledTimes(3);
  });
});
