import { randomInt } from 'node:crypto';
import { z } from 'zod';

/** How big a chaos run is and how it is seeded; CI runs the defaults, `CHAOS_*` variables make it larger. */
export interface ChaosSettings {
  /** Seeds every choice of the run (protocols, start and stop modes, fault order, down times); printed and reported. */
  readonly seed: number;
  /** Sessions charged in the kill-and-restart run (at least as many as its faults need). */
  readonly sessions: number;
  /** Simulated stations charging at once. */
  readonly stations: number;
  /** Meter readings per session. */
  readonly meterReadings: number;
  /**
   * How long Temporal stays down in the outage run: CHAOS_OUTAGE_SECONDS (60) on SQLite; the PostgreSQL pass repeats
   * the run with 20 s unless the variable is set, so CI waits out the full minute once.
   */
  readonly temporalOutageMs: number;
  /** How long the database stays unwritable. */
  readonly lockMs: number;
  /** The gateway node lease of the dead-node run (GATEWAY_NODE_LEASE_SECONDS). */
  readonly nodeLeaseSeconds: number;
}

const count = (fallback: number, min: number, max: number) =>
  z.preprocess((raw) => (raw === '' ? undefined : raw), z.coerce.number().int().min(min).max(max).default(fallback));

const schema = z.object({
  CHAOS_SEED: count(0, 0, 2 ** 31 - 1).optional(),
  CHAOS_SESSIONS: count(30, 1, 100_000),
  CHAOS_STATIONS: count(6, 1, 1000),
  CHAOS_METER_READINGS: count(3, 2, 100),
  CHAOS_OUTAGE_SECONDS: count(60, 5, 3600),
  CHAOS_LOCK_SECONDS: count(15, 2, 600),
  CHAOS_NODE_LEASE_SECONDS: count(5, 3, 3600),
});

/** Reads the `CHAOS_*` variables (docs/reliability.md, Chaos); an unset seed is drawn at random and reported. */
export function chaosSettings(env: NodeJS.ProcessEnv = process.env): ChaosSettings {
  const parsed = schema.parse(env);
  return {
    seed: env.CHAOS_SEED ? Number(parsed.CHAOS_SEED) : randomInt(1, 2 ** 31 - 1),
    sessions: parsed.CHAOS_SESSIONS,
    stations: parsed.CHAOS_STATIONS,
    meterReadings: parsed.CHAOS_METER_READINGS,
    temporalOutageMs: (env.CHAOS_OUTAGE_SECONDS ? parsed.CHAOS_OUTAGE_SECONDS : env.TEST_POSTGRES_URL ? 20 : 60) * 1000,
    lockMs: parsed.CHAOS_LOCK_SECONDS * 1000,
    nodeLeaseSeconds: parsed.CHAOS_NODE_LEASE_SECONDS,
  };
}
