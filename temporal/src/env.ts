import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_NAMESPACE, type TemporalSettings, type TemporalTlsSettings } from './connection.ts';
import { TemporalConfigError } from './errors.ts';

export { TemporalConfigError } from './errors.ts';

/**
 * The environment variables every Temporal user reads, as a zod shape to spread into a deployable's own config
 * schema. Lives in a subpath export (`@csms/temporal/env`) so the workflow bundle never pulls in zod.
 */
export const temporalEnvShape = {
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default(DEFAULT_NAMESPACE),
  /** `true` for TLS to the frontend; unset: on when any other TLS setting or an API key is set. */
  TEMPORAL_TLS: z.enum(['true', 'false', '']).optional(),
  TEMPORAL_TLS_CA_FILE: z.string().optional(),
  TEMPORAL_TLS_CERT_FILE: z.string().optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().max(253).optional(),
  TEMPORAL_API_KEY: z.string().optional(),
};

/** The parsed variables {@link temporalSettings} reads. */
export interface TemporalEnv {
  readonly TEMPORAL_ADDRESS: string;
  readonly TEMPORAL_NAMESPACE: string;
  readonly TEMPORAL_TLS?: 'true' | 'false' | '' | undefined;
  readonly TEMPORAL_TLS_CA_FILE?: string | undefined;
  readonly TEMPORAL_TLS_CERT_FILE?: string | undefined;
  readonly TEMPORAL_TLS_KEY_FILE?: string | undefined;
  readonly TEMPORAL_TLS_SERVER_NAME?: string | undefined;
  readonly TEMPORAL_API_KEY?: string | undefined;
}

/**
 * Picks the {@link TemporalSettings} out of a parsed environment, reading the TLS files. Throws
 * {@link TemporalConfigError} (one line naming the variable) for a certificate without its key, an unreadable or
 * malformed file, TLS settings with `TEMPORAL_TLS=false`, or an API key over plain gRPC.
 */
export function temporalSettings(env: TemporalEnv): TemporalSettings {
  const given = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);
  const caFile = given(env.TEMPORAL_TLS_CA_FILE);
  const certFile = given(env.TEMPORAL_TLS_CERT_FILE);
  const keyFile = given(env.TEMPORAL_TLS_KEY_FILE);
  const serverName = given(env.TEMPORAL_TLS_SERVER_NAME);
  const apiKey = given(env.TEMPORAL_API_KEY);
  const base = { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE };
  if (certFile && !keyFile) throw new TemporalConfigError('TEMPORAL_TLS_KEY_FILE', 'required with TEMPORAL_TLS_CERT_FILE (mutual TLS needs the certificate and its key)');
  if (keyFile && !certFile) throw new TemporalConfigError('TEMPORAL_TLS_CERT_FILE', 'required with TEMPORAL_TLS_KEY_FILE (mutual TLS needs the certificate and its key)');
  const anyTls = Boolean(caFile || certFile || serverName);
  if (env.TEMPORAL_TLS === 'false') {
    if (anyTls) throw new TemporalConfigError('TEMPORAL_TLS', 'is false, but TLS files or a server name are set; remove them or set TEMPORAL_TLS=true');
    // The key would travel in clear to anyone on the path.
    if (apiKey) throw new TemporalConfigError('TEMPORAL_API_KEY', 'needs TLS; unset TEMPORAL_TLS=false');
    return base;
  }
  if (env.TEMPORAL_TLS !== 'true' && !anyTls && !apiKey) return base;
  const tls: TemporalTlsSettings = {
    ...(caFile ? { serverRootCaPem: readCertificates('TEMPORAL_TLS_CA_FILE', caFile) } : {}),
    ...(certFile && keyFile ? { clientCertPair: readCertPair(certFile, keyFile) } : {}),
    ...(serverName ? { serverName } : {}),
  };
  return { ...base, tls, ...(apiKey ? { apiKey } : {}) };
}

function readFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new TemporalConfigError(variable, `cannot read ${path} (${code})`, { cause: error });
  }
}

function readCertificates(variable: string, path: string): Buffer {
  const pem = readFile(variable, path);
  try {
    new X509Certificate(pem);
  } catch (error) {
    throw new TemporalConfigError(variable, `${path} holds no PEM certificate`, { cause: error });
  }
  return pem;
}

function readCertPair(certFile: string, keyFile: string): { crt: Buffer; key: Buffer } {
  const crt = readCertificates('TEMPORAL_TLS_CERT_FILE', certFile);
  const key = readFile('TEMPORAL_TLS_KEY_FILE', keyFile);
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new TemporalConfigError('TEMPORAL_TLS_KEY_FILE', `${keyFile} holds no unencrypted PEM private key`, { cause: error });
  }
  if (!new X509Certificate(crt).checkPrivateKey(privateKey)) {
    throw new TemporalConfigError('TEMPORAL_TLS_KEY_FILE', `${keyFile} is not the key of the certificate in ${certFile}`);
  }
  return { crt, key };
}

/** Log levels accepted by every deployable. */
export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/**
 * A yes/no variable: `true`/`false`, `1`/`0`, `yes`/`no` or `on`/`off`; unset or empty takes `fallback`. The one
 * boolean parser of every deployable's config.
 */
export function flagSchema(fallback: boolean) {
  return z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
    .default(fallback ? 'true' : 'false')
    .transform((value) => (value === '' ? fallback : ['true', '1', 'yes', 'on'].includes(value)));
}

/** A TCP port from the environment. */
export function portSchema(fallback: number) {
  return z.coerce.number().int().min(0).max(65535).default(fallback);
}

/**
 * The one line a deployable prints when its environment is wrong: the first variable at fault and why
 * (`GATEWAY_PORT: Too big: expected number to be <=65535`), or a Temporal setting's own message; undefined for
 * any other error, which is a bug and keeps its stack trace.
 */
export function configErrorLine(error: unknown): string | undefined {
  if (error instanceof TemporalConfigError) return error.message;
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return issue ? `${issue.path.join('.') || 'environment'}: ${issue.message}` : error.message;
  }
  return undefined;
}
