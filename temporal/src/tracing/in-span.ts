import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';

/** Options of {@link inSpan}. */
export interface InSpanOptions {
  readonly kind?: 'server' | 'consumer' | 'internal';
  readonly attributes?: Attributes;
  /** A stored W3C `traceparent` to continue (the outbox row's); absent: a child of the active span, if any. */
  readonly traceparent?: unknown;
}

const KINDS = { server: SpanKind.SERVER, consumer: SpanKind.CONSUMER, internal: SpanKind.INTERNAL } as const;

/**
 * Runs `work` inside a new active span named `name` and ends the span when `work` returns or, for a promise, settles
 * (an error marks the span failed and passes through). Synchronous work stays synchronous.
 */
export function inSpan<T>(tracerName: string, name: string, options: InSpanOptions, work: () => T): T {
  const parent = typeof options.traceparent === 'string' ? propagation.extract(context.active(), { traceparent: options.traceparent }) : context.active();
  const span = trace.getTracer(tracerName).startSpan(name, { kind: KINDS[options.kind ?? 'internal'], ...(options.attributes ? { attributes: options.attributes } : {}) }, parent);
  const failed = (error: unknown) => {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
  };
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    failed(error);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        failed(error);
        throw error;
      },
    ) as T;
  }
  span.end();
  return result;
}
