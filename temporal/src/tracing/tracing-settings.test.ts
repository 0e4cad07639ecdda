import { describe, expect, it } from 'vitest';
import { TemporalConfigError } from '../errors.ts';
import { tracingSettings } from './tracing-settings.ts';

describe('tracing settings', () => {
  it('are off without an OTLP endpoint, and when the SDK is disabled', () => {
    expect(tracingSettings({}, 'csms-gateway')).toBeNull();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, 'csms-gateway')).toBeNull();
  });

  it('append /v1/traces to the base endpoint and take a traces endpoint as it is', () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'csms-gateway')).toEqual({ tracesUrl: 'http://collector:4318/v1/traces', serviceName: 'csms-gateway' });
    expect(
      tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/otlp', OTEL_SERVICE_NAME: 'gw-eu-1' }, 'csms-gateway'),
    ).toEqual({ tracesUrl: 'https://traces.example.com/otlp', serviceName: 'gw-eu-1' });
  });

  it('name the variable at fault', () => {
    expect(() => tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'x')).toThrow(TemporalConfigError);
    expect(() => tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'x')).toThrow(/^OTEL_EXPORTER_OTLP_ENDPOINT: /);
    expect(() => tracingSettings({ OTEL_SDK_DISABLED: 'yes' }, 'x')).toThrow(/^OTEL_SDK_DISABLED: /);
  });
});
