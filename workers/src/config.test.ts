import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config.ts';

describe('loadWorkerConfig', () => {
  it('has the documented defaults', () => {
    const config = loadWorkerConfig({});
    expect(config).toMatchObject({
      databaseUrl: 'sqlite://data/csms.sqlite',
      health: { host: '127.0.0.1', port: 8083 },
      temporalMetricsAddress: undefined,
      logLevel: 'info',
      nodeSweepIntervalMs: 10_000,
      localListSyncIntervalMs: 300_000,
      stripe: null,
    });
    expect(config.retention).toEqual({ messageLogDays: 30, meterSampleDays: 365, deliveredOutboxDays: 7, commandFailureDays: 90, batchSize: 5000 });
  });

  it('reads the retention variables: empty keeps the default, 0 keeps rows forever, a negative count is refused', () => {
    const config = loadWorkerConfig({
      MESSAGE_LOG_RETENTION_DAYS: '',
      METER_SAMPLE_RETENTION_DAYS: '0',
      OUTBOX_RETENTION_DAYS: '2',
      COMMAND_FAILURE_RETENTION_DAYS: '14',
    });
    expect(config.retention).toEqual({ messageLogDays: 30, meterSampleDays: 0, deliveredOutboxDays: 2, commandFailureDays: 14, batchSize: 5000 });
    expect(() => loadWorkerConfig({ OUTBOX_RETENTION_DAYS: '-1' })).toThrow(/OUTBOX_RETENTION_DAYS/);
  });

  it('builds the database URL, the SDK metrics address and the Stripe settings from their variables', () => {
    expect(loadWorkerConfig({ CSMS_DATA_DIR: '/var/lib/csms' }).databaseUrl).toBe('sqlite:///var/lib/csms/csms.sqlite');
    expect(loadWorkerConfig({ DATABASE_URL: 'postgres://csms@db/csms' }).databaseUrl).toBe('postgres://csms@db/csms');
    expect(loadWorkerConfig({ WORKER_TEMPORAL_METRICS_PORT: '' }).temporalMetricsAddress).toBeUndefined();
    expect(loadWorkerConfig({ WORKER_HEALTH_HOST: '::1', WORKER_TEMPORAL_METRICS_PORT: '9464' }).temporalMetricsAddress).toBe('[::1]:9464');
    expect(loadWorkerConfig({ STRIPE_SECRET_KEY: 'sk_test', STRIPE_API_URL: 'http://127.0.0.1:12111' }).stripe).toEqual({ secretKey: 'sk_test', apiUrl: 'http://127.0.0.1:12111' });
    expect(() => loadWorkerConfig({ NODE_SWEEP_INTERVAL_SECONDS: '0' })).toThrow(/NODE_SWEEP_INTERVAL_SECONDS/);
  });
});
