import { z } from 'zod';
import { DEFAULT_NAMESPACE, type TemporalSettings } from './connection.ts';

/**
 * The environment variables every Temporal user reads, as a zod shape to spread into a deployable's own config
 * schema. Lives in a subpath export (`@csms/temporal/env`) so the workflow bundle never pulls in zod.
 */
export const temporalEnvShape = {
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default(DEFAULT_NAMESPACE),
};

/** Picks the {@link TemporalSettings} out of a parsed environment. */
export function temporalSettings(env: { TEMPORAL_ADDRESS: string; TEMPORAL_NAMESPACE: string }): TemporalSettings {
  return { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE };
}

/** Log levels accepted by every deployable. */
export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** A TCP port from the environment. */
export function portSchema(fallback: number) {
  return z.coerce.number().int().min(0).max(65535).default(fallback);
}
