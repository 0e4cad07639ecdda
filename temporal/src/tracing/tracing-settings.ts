import { z } from 'zod';
import { TemporalConfigError } from '../errors.ts';

/** Where and as what a process exports its traces (OTLP over HTTP, JSON). */
export interface TracingSettings {
  /** The full OTLP/HTTP traces URL, e.g. `http://otel-collector:4318/v1/traces`. */
  readonly tracesUrl: string;
  /** `service.name` of every span (`OTEL_SERVICE_NAME`, else the deployable's default). */
  readonly serviceName: string;
}

const url = z.url({ protocol: /^https?$/ }).optional();

/** The standard OpenTelemetry variables this project reads (docs/configuration.md). */
const tracingEnvSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: url,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url,
  OTEL_SERVICE_NAME: z.string().min(1).max(200).optional(),
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
});

/**
 * Tracing is off by default: on only when an OTLP endpoint is given (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as the
 * whole URL, or `OTEL_EXPORTER_OTLP_ENDPOINT` with `/v1/traces` appended, as the OpenTelemetry spec says) and
 * `OTEL_SDK_DISABLED` is not `true`. Returns null when off; throws `TemporalConfigError` naming the variable when malformed.
 */
export function tracingSettings(env: NodeJS.ProcessEnv, defaultServiceName: string): TracingSettings | null {
  const parsed = tracingEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TemporalConfigError(issue?.path.join('.') || 'OTEL_*', issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  if (e.OTEL_SDK_DISABLED === 'true') return null;
  const tracesUrl = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (tracesUrl === undefined) return null;
  return { tracesUrl, serviceName: e.OTEL_SERVICE_NAME ?? defaultServiceName };
}
