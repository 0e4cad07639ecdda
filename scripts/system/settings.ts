import { resolve } from 'node:path';
import { DEFAULT_NAMESPACE } from '@csms/temporal';
import { REPO_ROOT } from '@csms/temporal/tools';

/** What `npm start` runs with; every field comes from one documented environment variable (docs/configuration.md). */
export interface SystemSettings {
  readonly dataDir: string;
  readonly databaseUrl: string;
  /** Launch the local dev server, or use an external Temporal at `temporalAddress`. */
  readonly launchTemporal: boolean;
  readonly temporalAddress: string;
  readonly temporalPort: number;
  readonly temporalUiPort: number;
  readonly temporalNamespace: string;
  readonly gatewayHost: string;
  readonly gatewayPort: number;
  readonly webHost: string;
  readonly webPort: number;
  readonly workerHealthPort: number;
}

/** Raised for a bad environment variable; the start command prints the message alone. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly code = 'BAD_SETTING';
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new SettingsError(`${name} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return value;
}

/** Reads the settings of the whole system from the environment. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): SystemSettings {
  const dataDir = resolve(REPO_ROOT, env.CSMS_DATA_DIR || 'data');
  const temporalPort = port(env, 'TEMPORAL_PORT', 7233);
  const external = env.TEMPORAL_ADDRESS;
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL || `sqlite://${resolve(dataDir, 'csms.sqlite')}`,
    launchTemporal: !external,
    temporalAddress: external || `127.0.0.1:${temporalPort}`,
    temporalPort,
    temporalUiPort: port(env, 'TEMPORAL_UI_PORT', 8233),
    temporalNamespace: env.TEMPORAL_NAMESPACE || DEFAULT_NAMESPACE,
    gatewayHost: env.GATEWAY_HOST || '0.0.0.0',
    gatewayPort: port(env, 'GATEWAY_PORT', 8081),
    webHost: env.WEB_HOST || '0.0.0.0',
    webPort: port(env, 'WEB_PORT', 8082),
    workerHealthPort: port(env, 'WORKER_HEALTH_PORT', 8083),
  };
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
    // adapter-node reads HOST and PORT
    HOST: settings.webHost,
    PORT: String(settings.webPort),
  };
}
