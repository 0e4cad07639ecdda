import { spawn, type ChildProcess } from 'node:child_process';

/** A running stripe-mock. */
export interface StripeMock {
  /** Where a Stripe client points: `new Stripe(key, { host, port, protocol: 'http' })`. */
  readonly host: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Raised when stripe-mock exits early or does not answer in time. */
export class StripeMockError extends Error {
  readonly code = 'STRIPE_MOCK_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Starts stripe-mock (see `ensureTool(STRIPE_MOCK)`) over plain HTTP on 127.0.0.1:`port` and resolves once it answers
 * an authenticated API request.
 */
export async function startStripeMock(binary: string, port: number, timeoutMs = 30_000): Promise<StripeMock> {
  const host = '127.0.0.1';
  const child = spawn(binary, ['-http-addr', `${host}:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new StripeMockError(`stripe-mock exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`http://${host}:${port}/v1/balance`, {
        headers: { authorization: 'Bearer sk_test_123' },
        signal: AbortSignal.timeout(1000),
      });
      if (response.ok) return { host, port, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new StripeMockError(`stripe-mock did not answer on ${host}:${port} within ${timeoutMs} ms: ${stderr}`);
}
