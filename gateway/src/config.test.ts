import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config.ts';

describe('loadGatewayConfig', () => {
  it('has the documented defaults', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      port: 8081,
      tls: undefined,
      maxFrameBytes: 1024 * 1024,
      idleTimeoutSeconds: 120,
      messageLogLevel: 'info',
      databaseUrl: 'sqlite://data/csms.sqlite',
    });
    expect(config.ocpp).toEqual({
      heartbeatIntervalSeconds: 300,
      callTimeoutMs: 30_000,
      authCacheMs: 10_000,
      knownVendorIds: new Set(),
      stripTagSuffix: false,
      admitUnknownStations: false,
      meterEventIntervalMs: 60_000,
      denyConcurrentTx: false,
    });
  });

  it('reads every gateway variable', () => {
    const config = loadGatewayConfig({
      GATEWAY_TLS_CERT_FILE: '/etc/csms/cert.pem',
      GATEWAY_TLS_KEY_FILE: '/etc/csms/key.pem',
      GATEWAY_MAX_FRAME_BYTES: '2097152',
      GATEWAY_IDLE_TIMEOUT_SECONDS: '60',
      OCPP_HEARTBEAT_INTERVAL_SECONDS: '90',
      OCPP_CALL_TIMEOUT_SECONDS: '45',
      OCPP_AUTH_CACHE_SECONDS: '0',
      OCPP_DATA_TRANSFER_VENDOR_IDS: ' com.keba , org.acme ,',
      OCPP_STRIP_TAG_SUFFIX: 'true',
      OCPP_ADMIT_UNKNOWN_STATIONS: '1',
      OCPP_METER_EVENT_INTERVAL_SECONDS: '15',
      OCPP_DENY_CONCURRENT_TX: 'on',
      MESSAGE_LOG_LEVEL: 'verbose',
    });
    expect(config.tls).toEqual({ certFile: '/etc/csms/cert.pem', keyFile: '/etc/csms/key.pem' });
    expect(config).toMatchObject({ maxFrameBytes: 2_097_152, idleTimeoutSeconds: 60, messageLogLevel: 'verbose' });
    expect(config.ocpp).toEqual({
      heartbeatIntervalSeconds: 90,
      callTimeoutMs: 45_000,
      authCacheMs: 0,
      knownVendorIds: new Set(['com.keba', 'org.acme']),
      stripTagSuffix: true,
      admitUnknownStations: true,
      meterEventIntervalMs: 15_000,
      denyConcurrentTx: true,
    });
  });

  it('reads the station security settings, allowing the browser simulator only outside production', () => {
    expect(loadGatewayConfig({}).stationSecurity).toEqual({
      allowedOrigins: ['http://127.0.0.1:8090', 'http://localhost:8090'],
      trustedProxies: [],
      clientCertHeader: 'x-client-cert',
      clientCaFile: undefined,
      loginFailures: { perAddress: 20, perStation: 5, lockSeconds: 1 },
    });
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).stationSecurity.allowedOrigins).toEqual([]);
    const config = loadGatewayConfig({
      NODE_ENV: 'production',
      GATEWAY_ALLOWED_ORIGINS: ' https://sim.example.com , ',
      GATEWAY_TRUSTED_PROXIES: '10.0.0.5, 10.0.0.6',
      GATEWAY_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert',
      GATEWAY_CLIENT_CA_FILE: '/etc/csms/station-ca.pem',
      GATEWAY_LOGIN_FAILURES_PER_ADDRESS: '50',
      GATEWAY_LOGIN_FAILURES_PER_STATION: '3',
      GATEWAY_LOGIN_LOCK_SECONDS: '5',
    });
    expect(config.stationSecurity).toEqual({
      allowedOrigins: ['https://sim.example.com'],
      trustedProxies: ['10.0.0.5', '10.0.0.6'],
      clientCertHeader: 'x-ssl-client-cert',
      clientCaFile: '/etc/csms/station-ca.pem',
      loginFailures: { perAddress: 50, perStation: 3, lockSeconds: 5 },
    });
    expect(() => loadGatewayConfig({ GATEWAY_CLIENT_CERT_HEADER: 'x client cert' })).toThrow(/GATEWAY_CLIENT_CERT_HEADER/);
    expect(() => loadGatewayConfig({ GATEWAY_LOGIN_FAILURES_PER_STATION: '0' })).toThrow(/GATEWAY_LOGIN_FAILURES_PER_STATION/);
  });

  it('refuses bad values naming the variable', () => {
    expect(() => loadGatewayConfig({ GATEWAY_TLS_CERT_FILE: 'only-cert.pem' })).toThrow(/GATEWAY_TLS_KEY_FILE/);
    expect(() => loadGatewayConfig({ GATEWAY_IDLE_TIMEOUT_SECONDS: '2' })).toThrow(/GATEWAY_IDLE_TIMEOUT_SECONDS/);
    expect(() => loadGatewayConfig({ OCPP_STRIP_TAG_SUFFIX: 'maybe' })).toThrow(/OCPP_STRIP_TAG_SUFFIX/);
    expect(() => loadGatewayConfig({ MESSAGE_LOG_LEVEL: 'loud' })).toThrow(/MESSAGE_LOG_LEVEL/);
  });

  it('serves metrics only when GATEWAY_METRICS_PORT is set, on 127.0.0.1 unless told otherwise', () => {
    expect(loadGatewayConfig({}).metrics).toBeUndefined();
    expect(loadGatewayConfig({ GATEWAY_METRICS_PORT: '' }).metrics).toBeUndefined();
    expect(loadGatewayConfig({ GATEWAY_METRICS_PORT: '9464' }).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadGatewayConfig({ GATEWAY_METRICS_PORT: '9464', GATEWAY_METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(() => loadGatewayConfig({ GATEWAY_METRICS_PORT: '70000' })).toThrow(/GATEWAY_METRICS_PORT/);
  });

  it('reads the station CA that signs CSRs: both files or neither, validity in days', () => {
    expect(loadGatewayConfig({}).stationCa).toBeUndefined();
    expect(loadGatewayConfig({ GATEWAY_STATION_CA_CERT_FILE: '/ca.pem', GATEWAY_STATION_CA_KEY_FILE: '/ca.key' }).stationCa).toEqual({
      certFile: '/ca.pem',
      keyFile: '/ca.key',
      certificateDays: 365,
    });
    expect(
      loadGatewayConfig({ GATEWAY_STATION_CA_CERT_FILE: '/ca.pem', GATEWAY_STATION_CA_KEY_FILE: '/ca.key', GATEWAY_STATION_CERT_DAYS: '90' }).stationCa?.certificateDays,
    ).toBe(90);
    expect(() => loadGatewayConfig({ GATEWAY_STATION_CA_CERT_FILE: '/ca.pem' })).toThrow(/set both GATEWAY_STATION_CA_CERT_FILE and GATEWAY_STATION_CA_KEY_FILE/);
    expect(() => loadGatewayConfig({ GATEWAY_STATION_CERT_DAYS: '0' })).toThrow(/GATEWAY_STATION_CERT_DAYS/);
  });
});
