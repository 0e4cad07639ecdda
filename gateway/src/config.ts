import { hostname } from 'node:os';
import { z } from 'zod';
import { logLevelSchema, portSchema, temporalEnvShape, temporalSettings } from '@csms/temporal/env';
import type { TemporalSettings } from '@csms/temporal';

const schema = z.object({
  ...temporalEnvShape,
  DATABASE_URL: z.string().min(1).optional(),
  CSMS_DATA_DIR: z.string().min(1).default('data'),
  GATEWAY_HOST: z.string().min(1).default('0.0.0.0'),
  GATEWAY_PORT: portSchema(8081),
  GATEWAY_NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1-64 letters, digits, ".", "_" or "-"')
    .default(hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'gateway'),
  LOG_LEVEL: logLevelSchema,
});

/** Everything the gateway process reads from its environment, parsed once at start. */
export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  readonly nodeId: string;
  readonly databaseUrl: string;
  readonly temporal: TemporalSettings;
  readonly logLevel: z.infer<typeof logLevelSchema>;
}

/** Parses the environment; throws a `ZodError` naming the bad variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = schema.parse(env);
  return {
    host: parsed.GATEWAY_HOST,
    port: parsed.GATEWAY_PORT,
    nodeId: parsed.GATEWAY_NODE_ID,
    databaseUrl: parsed.DATABASE_URL ?? `sqlite://${parsed.CSMS_DATA_DIR}/csms.sqlite`,
    temporal: temporalSettings(parsed),
    logLevel: parsed.LOG_LEVEL,
  };
}
