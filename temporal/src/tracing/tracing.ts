import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OpenTelemetryPlugin, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { TracingSettings } from './tracing-settings.ts';

/** A process's tracing, started by {@link startTracing}. */
export interface Tracing {
  /** For the Temporal worker: client, activity and workflow interceptors, and the sink that exports workflow spans. */
  readonly workerPlugin: OpenTelemetryPlugin;
  /** For a Temporal client (the outbox relay): spans its calls and carries the context in the workflow's headers. */
  readonly clientInterceptor: OpenTelemetryWorkflowClientInterceptor;
  /** Exports what is buffered. */
  flush(): Promise<void>;
  /** Exports what is buffered and stops; spans after it are dropped. */
  shutdown(): Promise<void>;
}

let started = false;

/** The outbox payload field that carries the W3C `traceparent` of the message that wrote the event. */
export const TRACEPARENT_FIELD = 'traceparent';

/** True once this process started tracing: the message path skips span work when false. */
export function tracingActive(): boolean {
  return started;
}

/**
 * Starts OpenTelemetry tracing for this process: a tracer provider with the W3C trace-context propagator and an
 * AsyncLocalStorage context manager, registered globally, exporting in batches over OTLP/HTTP (JSON) to
 * `settings.tracesUrl`. `exporter` replaces the OTLP exporter (tests). Once per process. The SDK is loaded here, not
 * at import, so a process with tracing off loads only the (no-op) API.
 */
export async function startTracing(settings: TracingSettings, exporter?: SpanExporter): Promise<Tracing> {
  if (started) throw new Error('tracing is already started in this process');
  const [{ AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { OTLPTraceExporter }, { Resource }, sdk, interceptors] = await Promise.all([
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@temporalio/interceptors-opentelemetry'),
  ]);
  const resource = new Resource({ 'service.name': settings.serviceName });
  const spanProcessor = new sdk.BatchSpanProcessor(exporter ?? new OTLPTraceExporter({ url: settings.tracesUrl }), {
    // spans reach the collector within about a second; a station message's trace shows up while one looks for it
    scheduledDelayMillis: 1000,
  });
  const provider = new sdk.BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });
  started = true;
  return {
    workerPlugin: new interceptors.OpenTelemetryPlugin({ resource, spanProcessor }),
    clientInterceptor: new interceptors.OpenTelemetryWorkflowClientInterceptor(),
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      started = false;
      await provider.shutdown();
    },
  };
}

/** The W3C `traceparent` of the active span, or undefined when there is none (tracing off, or outside a span). */
export function currentTraceparent(): string | undefined {
  if (!started) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** `work` bound to the active context (tracing on), so work run later by a queue continues the caller's trace. */
export function bindContext<F extends (...args: never[]) => unknown>(work: F): F {
  return started ? context.bind(context.active(), work) : work;
}

/**
 * Runs `work` outside any trace (tracing on): a queue's drain started by one caller must not pass that caller's span
 * to the work of every other caller it serves.
 */
export function detached<T>(work: () => T): T {
  return started ? context.with(ROOT_CONTEXT, work) : work();
}
