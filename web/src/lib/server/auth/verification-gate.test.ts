import { describe, expect, it } from 'vitest';
import { GateBusyError, VerificationGate } from './verification-gate.ts';

describe('VerificationGate', () => {
  it('runs at most maxInFlight tasks at once, queues maxQueued and refuses the rest', async () => {
    const gate = new VerificationGate(2, 3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = () => {
      running += 1;
      peak = Math.max(peak, running);
      return new Promise<string>((resolve) => releases.push(() => { running -= 1; resolve('done'); }));
    };
    const runs = Array.from({ length: 7 }, () => gate.run(task).catch((error: unknown) => error));
    await expect(runs[5]).resolves.toBeInstanceOf(GateBusyError);
    await expect(runs[6]).resolves.toBeInstanceOf(GateBusyError);
    expect(releases).toHaveLength(2);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(runs.slice(0, 5))).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(peak).toBe(2);
  });

  it('frees the slot of a task that throws', async () => {
    const gate = new VerificationGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await expect(gate.run(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
