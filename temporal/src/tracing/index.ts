export { inSpan, type InSpanOptions } from './in-span.ts';
export { bindContext, currentTraceparent, detached, TRACEPARENT_FIELD, startTracing, tracingActive, type Tracing } from './tracing.ts';
export { tracingSettings, type TracingSettings } from './tracing-settings.ts';
