import { resolve } from 'node:path';
import { z } from 'zod';
import { databaseUrlFromEnv } from '@csms/db/database-url';
import { DEFAULT_NAMESPACE } from '@csms/temporal';
import { REPO_ROOT } from '@csms/temporal/tools';
import type { RestartPolicy } from './restart-policy.ts';

/** Raised for a bad environment variable; the start command prints the message alone. */
export class SettingsError extends Error {
  readonly code = 'BAD_SETTING';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An unset or empty variable takes the default (`GATEWAY_PORT= npm start` means "the default"). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((raw) => (raw === '' ? undefined : raw), schema);

/** A whole number in [min, max]; every failure says the same `must be <what>`. */
const count = (fallback: number, min: number, max: number, what: string) => {
  const message = `must be ${what}`;
  return optional(z.coerce.number({ error: message }).int(message).min(min, message).max(max, message).default(fallback));
};

const port = (fallback: number) => count(fallback, 1, 65535, 'a port number between 1 and 65535');

const text = (fallback: string) => optional(z.string().default(fallback));

const envSchema = z
  .object({
    CSMS_DATA_DIR: text('data'),
    DATABASE_URL: optional(z.string().optional()),
    TEMPORAL_ADDRESS: optional(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port').optional()),
    TEMPORAL_PORT: port(7233),
    TEMPORAL_UI_PORT: port(8233),
    TEMPORAL_NAMESPACE: text(DEFAULT_NAMESPACE),
    GATEWAY_HOST: text('0.0.0.0'),
    GATEWAY_PORT: port(8081),
    WEB_HOST: text('0.0.0.0'),
    WEB_PORT: port(8082),
    WORKER_HEALTH_PORT: port(8083),
    SUPERVISOR_MAX_DEATHS: count(5, 1, 1000, 'a whole number from 1 to 1000'),
    SUPERVISOR_DEATH_WINDOW_SECONDS: count(300, 1, 86_400, 'a whole number of seconds from 1 to 86400'),
    SUPERVISOR_RESTART_DELAY_MS: count(1000, 0, 3_600_000, 'a whole number of milliseconds from 0 to 3600000'),
    SUPERVISOR_RESTART_MAX_DELAY_MS: count(30_000, 0, 3_600_000, 'a whole number of milliseconds from 0 to 3600000'),
    // checked by the gateway; here only whether both are set
    GATEWAY_TLS_CERT_FILE: z.string().optional(),
    GATEWAY_TLS_KEY_FILE: z.string().optional(),
  })
  .refine((env) => env.SUPERVISOR_RESTART_MAX_DELAY_MS >= env.SUPERVISOR_RESTART_DELAY_MS, {
    message: 'must not be below SUPERVISOR_RESTART_DELAY_MS',
    path: ['SUPERVISOR_RESTART_MAX_DELAY_MS'],
  });

/** The settings of the whole system, built from the parsed variables (docs/configuration.md). */
function toSystemSettings(parsed: z.output<typeof envSchema>) {
  const dataDir = resolve(REPO_ROOT, parsed.CSMS_DATA_DIR);
  const external = parsed.TEMPORAL_ADDRESS;
  const restart: RestartPolicy = {
    maxDeaths: parsed.SUPERVISOR_MAX_DEATHS,
    windowMs: parsed.SUPERVISOR_DEATH_WINDOW_SECONDS * 1000,
    initialDelayMs: parsed.SUPERVISOR_RESTART_DELAY_MS,
    maxDelayMs: parsed.SUPERVISOR_RESTART_MAX_DELAY_MS,
  };
  return {
    dataDir,
    databaseUrl: databaseUrlFromEnv({ DATABASE_URL: parsed.DATABASE_URL, CSMS_DATA_DIR: dataDir }),
    /** Launch the local dev server, or use an external Temporal at `temporalAddress`. */
    launchTemporal: !external,
    temporalAddress: external || `127.0.0.1:${parsed.TEMPORAL_PORT}`,
    temporalPort: parsed.TEMPORAL_PORT,
    temporalUiPort: parsed.TEMPORAL_UI_PORT,
    temporalNamespace: parsed.TEMPORAL_NAMESPACE,
    gatewayHost: parsed.GATEWAY_HOST,
    gatewayPort: parsed.GATEWAY_PORT,
    /** The gateway terminates TLS itself (GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE; the gateway checks the files). */
    gatewayTls: Boolean(parsed.GATEWAY_TLS_CERT_FILE && parsed.GATEWAY_TLS_KEY_FILE),
    webHost: parsed.WEB_HOST,
    webPort: parsed.WEB_PORT,
    workerHealthPort: parsed.WORKER_HEALTH_PORT,
    /** When a process that died is started again, and when the system gives up on it. */
    restart,
  };
}

/** The start command's environment variables, with their defaults and bounds, and the settings built from them. */
const settingsSchema = envSchema.transform(toSystemSettings);

/** What `npm start` runs with; every field comes from one documented environment variable (docs/configuration.md). */
export type SystemSettings = z.output<typeof settingsSchema>;

/** Reads the settings of the whole system from the environment; throws {@link SettingsError} naming the variable. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): SystemSettings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const raw = env[name];
    throw new SettingsError(`${name} ${issue.message}${raw === undefined ? '' : `, got "${raw}"`}`);
  }
  return result.data;
}

/** The environment every child process gets: the user's, plus the resolved settings. */
export function childEnvironment(settings: SystemSettings, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // adapter-node refuses to start on an empty ORIGIN (as `ORIGIN= npm start` would pass); unset means "derive it"
  const { ORIGIN, ...rest } = env;
  return {
    ...rest,
    ...(ORIGIN ? { ORIGIN } : {}),
    CSMS_DATA_DIR: settings.dataDir,
    DATABASE_URL: settings.databaseUrl,
    TEMPORAL_ADDRESS: settings.temporalAddress,
    TEMPORAL_NAMESPACE: settings.temporalNamespace,
    TEMPORAL_PORT: String(settings.temporalPort),
    TEMPORAL_UI_PORT: String(settings.temporalUiPort),
    GATEWAY_HOST: settings.gatewayHost,
    GATEWAY_PORT: String(settings.gatewayPort),
    WORKER_HEALTH_PORT: String(settings.workerHealthPort),
    // the payments list links each payment to its workflow in the Temporal UI of the dev server the start command launches
    ...(env.TEMPORAL_UI_URL || env.TEMPORAL_ADDRESS ? {} : { TEMPORAL_UI_URL: `http://127.0.0.1:${settings.temporalUiPort}` }),
    // adapter-node reads HOST and PORT
    HOST: settings.webHost,
    PORT: String(settings.webPort),
  };
}
