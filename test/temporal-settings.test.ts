import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporalConnectionOptions } from '@csms/temporal';
import { TemporalConfigError, temporalSettings } from '@csms/temporal/env';
import { createTestPki, type TestCa, type TestPki } from '@csms/gateway/test-kit/test-pki';

describe('the Temporal TLS and API key settings', () => {
  let pki: TestPki;
  let ca: TestCa;
  const base = { TEMPORAL_ADDRESS: 'temporal.example.com:7233', TEMPORAL_NAMESPACE: 'csms' };
  const problem = (env: Record<string, string>) => {
    try {
      temporalSettings({ ...base, ...env });
    } catch (error) {
      expect(error).toBeInstanceOf(TemporalConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a TemporalConfigError');
  };

  beforeAll(() => {
    pki = createTestPki();
    ca = pki.ca('Settings-CA');
  });
  afterAll(() => pki?.remove());

  it('stays on plain gRPC without any setting, and builds the SDK options for TLS, mTLS and an API key', () => {
    expect(temporalConnectionOptions(temporalSettings(base))).toEqual({ address: base.TEMPORAL_ADDRESS, tls: false });
    expect(temporalConnectionOptions(temporalSettings({ ...base, TEMPORAL_TLS: 'true' }))).toEqual({ address: base.TEMPORAL_ADDRESS, tls: {} });
    const client = ca.issue('csms-worker');
    const options = temporalConnectionOptions(
      temporalSettings({
        ...base,
        TEMPORAL_TLS_CA_FILE: ca.cert.certFile,
        TEMPORAL_TLS_CERT_FILE: client.certFile,
        TEMPORAL_TLS_KEY_FILE: client.keyFile,
        TEMPORAL_TLS_SERVER_NAME: 'frontend.internal',
        TEMPORAL_API_KEY: 'secret-key',
      }),
    );
    expect(options.apiKey).toBe('secret-key');
    expect(options.tls).toMatchObject({ serverNameOverride: 'frontend.internal' });
    const tls = options.tls as Exclude<typeof options.tls, false>;
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toBe(ca.cert.pem);
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toBe(client.pem);
    // an API key alone turns TLS on (Temporal Cloud), with the system's trust store
    expect(temporalConnectionOptions(temporalSettings({ ...base, TEMPORAL_API_KEY: 'k' }))).toEqual({ address: base.TEMPORAL_ADDRESS, tls: {}, apiKey: 'k' });
  });

  it('refuses bad combinations and bad files with one line naming the variable', () => {
    const client = ca.issue('csms-worker');
    const other = ca.issue('someone-else');
    const garbage = join(pki.dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate\n');
    expect(problem({ TEMPORAL_TLS_CERT_FILE: client.certFile })).toBe(
      'TEMPORAL_TLS_KEY_FILE: required with TEMPORAL_TLS_CERT_FILE (mutual TLS needs the certificate and its key)',
    );
    expect(problem({ TEMPORAL_TLS_KEY_FILE: client.keyFile })).toMatch(/^TEMPORAL_TLS_CERT_FILE: required with TEMPORAL_TLS_KEY_FILE/);
    expect(problem({ TEMPORAL_TLS_CA_FILE: join(pki.dir, 'missing.pem') })).toBe(`TEMPORAL_TLS_CA_FILE: cannot read ${join(pki.dir, 'missing.pem')} (ENOENT)`);
    expect(problem({ TEMPORAL_TLS_CA_FILE: garbage })).toBe(`TEMPORAL_TLS_CA_FILE: ${garbage} holds no PEM certificate`);
    expect(problem({ TEMPORAL_TLS_CERT_FILE: client.certFile, TEMPORAL_TLS_KEY_FILE: garbage })).toBe(
      `TEMPORAL_TLS_KEY_FILE: ${garbage} holds no unencrypted PEM private key`,
    );
    expect(problem({ TEMPORAL_TLS_CERT_FILE: client.certFile, TEMPORAL_TLS_KEY_FILE: other.keyFile })).toBe(
      `TEMPORAL_TLS_KEY_FILE: ${other.keyFile} is not the key of the certificate in ${client.certFile}`,
    );
    expect(problem({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_FILE: ca.cert.certFile })).toMatch(/^TEMPORAL_TLS: is false, but TLS files/);
    expect(problem({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toBe('TEMPORAL_API_KEY: needs TLS; unset TEMPORAL_TLS=false');
  });
});
