import type { Window } from './measure.ts';

/**
 * One measured run, perf.md §6.4 field names where they apply. Latencies in ms; `srvUsPerMsg` is the server's CPU
 * (all threads, from /proc) per answered round trip.
 */
export interface BenchRecord extends Partial<Window> {
  readonly scenario: 'closed' | 'open' | 'storm' | 'idle' | 'sessions';
  readonly server: string;
  readonly version: string;
  readonly message?: string;
  readonly round?: number;
  readonly N: number;
  readonly rate?: number;
  readonly durationS?: number;
  readonly rps?: number;
  readonly p50?: number;
  readonly p99?: number;
  readonly p999?: number;
  readonly srvUsPerMsg?: number | null;
  readonly errors: number;
  /** Scenario-specific figures (storm time, RSS per connection, sessions per second, rows checked, …). */
  readonly details?: Record<string, unknown>;
}
