import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashStationPassword } from '@csms/db';
import { createTestPki, type TestCa, type TestCertificate, type TestPki } from '../test-kit/test-pki.ts';
import { startTestGateway, type TestGateway } from '../test-kit/test-gateway.ts';
import { startTlsTerminatingProxy, type TlsTerminatingProxy } from '../test-kit/tls-terminating-proxy.ts';
import { readFileSync } from 'node:fs';
import { basicAuth, upgradeOutcome } from '../test-kit/upgrade-outcome.ts';

/*
 * Each station's security profile at the handshake, over real sockets with certificates openssl makes now
 * (docs/security.md, "Stations"). Three gateways on one address: `plain` (ws, trusts no proxy), `tls` (wss with a
 * certificate of the test CA) and `proxied` (ws behind a TLS-terminating proxy at 127.0.0.1, which it trusts).
 */
let pki: TestPki;
let ca: TestCa;
let otherCa: TestCa;
let plain: TestGateway;
let tls: TestGateway;
let proxied: TestGateway;
let server: TestCertificate;
const logLines: string[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
// generous limits: the throttle has its own test below
const loginFailures = { perAddress: 10_000, perStation: 10_000, lockSeconds: 1 };

async function addStation(gateway: TestGateway, id: string, profile: number, extra: { password?: string; thumbprint?: string } = {}): Promise<void> {
  await gateway.db.chargePoints.create(id, {
    name: id,
    securityProfile: profile,
    ...(extra.password ? { basicAuthPasswordHash: hashStationPassword(gateway.secretKey, id, extra.password) } : {}),
    ...(extra.thumbprint ? { clientCertThumbprint: extra.thumbprint } : {}),
  });
}

const ws = (gateway: TestGateway, id: string) => `ws://127.0.0.1:${gateway.gateway.port}/OCPP/${id}`;
const wss = (id: string) => `wss://127.0.0.1:${tls.gateway.port}/OCPP/${id}`;
/** What nginx sends after `ssl_verify_client on`: the URL-encoded PEM and the scheme it terminated. */
const forwarded = (certificate: TestCertificate | undefined) => ({
  'x-forwarded-proto': 'https',
  'x-forwarded-for': '203.0.113.7',
  ...(certificate ? { 'x-client-cert': encodeURIComponent(certificate.pem) } : {}),
});

beforeAll(async () => {
  pki = createTestPki();
  ca = pki.ca('csms-test-ca');
  otherCa = pki.ca('other-ca');
  server = ca.issue('localhost', { ip: '127.0.0.1' });
  const base = { allowedOrigins: ['http://127.0.0.1:8090'], clientCertHeader: 'x-client-cert', loginFailures };
  plain = await startTestGateway({ logger, settings: { stationSecurity: { ...base, trustedProxies: [], clientCaFile: ca.cert.certFile } } });
  tls = await startTestGateway({
    logger,
    settings: { tls: { certFile: server.certFile, keyFile: server.keyFile }, stationSecurity: { ...base, trustedProxies: [], clientCaFile: ca.cert.certFile } },
  });
  proxied = await startTestGateway({ logger, settings: { stationSecurity: { ...base, trustedProxies: ['127.0.0.1'], clientCaFile: ca.cert.certFile } } });
  for (const gateway of [plain, tls, proxied]) {
    await addStation(gateway, 'P0', 0);
    await addStation(gateway, 'P1', 1, { password: 'secret-one-0123456' });
    await addStation(gateway, 'P1-NOPW', 1);
    await addStation(gateway, 'P2', 2, { password: 'secret-two-0123456' });
    await addStation(gateway, 'P2-NOPW', 2);
    await addStation(gateway, 'P3', 3);
  }
});
afterAll(async () => {
  await Promise.all([plain, tls, proxied].map((gateway) => gateway?.close()));
  pki?.remove();
});

describe('profile 0', () => {
  it('admits a station set to profile 0 without credentials', async () => {
    expect(await upgradeOutcome(ws(plain, 'P0'))).toEqual({ status: 101 });
  });
});

describe('profile 1: Basic auth over ws or wss', () => {
  it('admits the right password over ws and over wss', async () => {
    expect(await upgradeOutcome(ws(plain, 'P1'), { headers: basicAuth('P1', 'secret-one-0123456') })).toEqual({ status: 101 });
    expect(await upgradeOutcome(wss('P1'), { headers: basicAuth('P1', 'secret-one-0123456'), ca: ca.cert.pem })).toEqual({ status: 101 });
  });

  it('refuses no, a wrong, or another station\'s credentials with 401', async () => {
    expect((await upgradeOutcome(ws(plain, 'P1'))).status).toBe(401);
    expect((await upgradeOutcome(ws(plain, 'P1'), { headers: basicAuth('P1', 'secret-two-0123456') })).status).toBe(401);
    expect((await upgradeOutcome(ws(plain, 'P1'), { headers: basicAuth('P2', 'secret-one-0123456') })).status).toBe(401);
  });

  it('refuses a profile-1 station that has no password, with a log line that says why', async () => {
    expect((await upgradeOutcome(ws(plain, 'P1-NOPW'))).status).toBe(401);
    const line = logLines.find((l) => l.includes('"chargePointId":"P1-NOPW"') && l.includes('security settings are incomplete'));
    expect(line).toContain('security profile 1 needs a password and none is set');
  });
});

describe('profile 2: Basic auth, only over TLS', () => {
  it('refuses a plain ws upgrade with 403 even with the right password', async () => {
    expect((await upgradeOutcome(ws(plain, 'P2'), { headers: basicAuth('P2', 'secret-two-0123456') })).status).toBe(403);
  });

  it('admits the right password over wss and refuses a wrong one', async () => {
    expect(await upgradeOutcome(wss('P2'), { headers: basicAuth('P2', 'secret-two-0123456'), ca: ca.cert.pem })).toEqual({ status: 101 });
    expect((await upgradeOutcome(wss('P2'), { headers: basicAuth('P2', 'wrong-password-0123'), ca: ca.cert.pem })).status).toBe(401);
  });

  it('refuses a profile-2 station without a password even over wss (it used to connect unauthenticated)', async () => {
    expect((await upgradeOutcome(wss('P2-NOPW'), { ca: ca.cert.pem })).status).toBe(401);
    expect(logLines.some((l) => l.includes('"chargePointId":"P2-NOPW"') && l.includes('security profile 2 needs a password'))).toBe(true);
  });

  it('counts TLS terminated by a trusted proxy, and not a forwarded scheme from anyone else', async () => {
    const headers = { ...basicAuth('P2', 'secret-two-0123456'), 'x-forwarded-proto': 'https' };
    expect(await upgradeOutcome(ws(proxied, 'P2'), { headers })).toEqual({ status: 101 });
    expect((await upgradeOutcome(ws(plain, 'P2'), { headers })).status).toBe(403);
  });
});

describe('profile 3: a client certificate verified by a TLS-terminating proxy', () => {
  let valid: TestCertificate;

  beforeAll(() => {
    valid = ca.issue('P3');
  });

  it('admits a valid certificate of the configured CA whose CN is the station id', async () => {
    expect(await upgradeOutcome(ws(proxied, 'P3'), { headers: forwarded(valid) })).toEqual({ status: 101 });
  });

  it('refuses expired, wrong-CA, wrong-station and missing certificates with 401', async () => {
    const expired = ca.issue('P3', { startDate: '20200101000000Z', endDate: '20200102000000Z' });
    const wrongCa = otherCa.issue('P3');
    const wrongStation = ca.issue('P1');
    for (const [certificate, reason] of [
      [expired, 'expired'],
      [wrongCa, 'untrusted-issuer'],
      [wrongStation, 'wrong-station'],
      [undefined, 'no client certificate'],
    ] as const) {
      expect((await upgradeOutcome(ws(proxied, 'P3'), { headers: forwarded(certificate) })).status).toBe(401);
      expect(logLines.some((l) => l.includes('"chargePointId":"P3"') && l.includes(reason) && l.includes('"remoteAddress":"203.0.113.7"'))).toBe(true);
    }
  });

  it('binds the certificate to the thumbprint the admin stored', async () => {
    const id = `P3-TP-${randomBytes(2).toString('hex')}`;
    const first = ca.issue(id);
    const second = ca.issue(id);
    const { X509Certificate } = await import('node:crypto');
    await addStation(proxied, id, 3, { thumbprint: new X509Certificate(first.pem).fingerprint256.toLowerCase() });
    expect(await upgradeOutcome(ws(proxied, id), { headers: forwarded(first) })).toEqual({ status: 101 });
    expect((await upgradeOutcome(ws(proxied, id), { headers: forwarded(second) })).status).toBe(401);
  });

  it('ignores a forwarded certificate from an address that is not a trusted proxy', async () => {
    // not TLS as far as this gateway knows: 403 before any certificate is read
    expect((await upgradeOutcome(ws(plain, 'P3'), { headers: forwarded(valid) })).status).toBe(403);
    // over its own TLS the header still comes from the station itself, not a proxy: no certificate
    expect((await upgradeOutcome(wss('P3'), { headers: forwarded(valid), ca: ca.cert.pem })).status).toBe(401);
  });
});

describe('profile 3 end to end: the station presents its certificate to a TLS-terminating proxy', () => {
  let proxy: TlsTerminatingProxy;
  const through = (id: string, certificate: TestCertificate | undefined, headers: Record<string, string> = {}) =>
    upgradeOutcome(`wss://127.0.0.1:${proxy.port}/OCPP/${id}`, {
      ca: ca.cert.pem,
      headers,
      ...(certificate ? { cert: certificate.pem, key: readFileSync(certificate.keyFile, 'utf8') } : {}),
    });

  beforeAll(async () => {
    proxy = await startTlsTerminatingProxy({ cert: server.pem, key: readFileSync(server.keyFile, 'utf8'), ca: ca.cert.pem, target: proxied.gateway.port });
  });
  afterAll(() => proxy?.close());

  it('admits the station with its own valid certificate', async () => {
    expect(await through('P3', ca.issue('P3'))).toEqual({ status: 101 });
  });

  it('stops expired and wrong-CA certificates at the proxy, a wrong station and no certificate at the gateway', async () => {
    expect((await through('P3', ca.issue('P3', { startDate: '20200101000000Z', endDate: '20200102000000Z' }))).status).toBe(400);
    expect((await through('P3', otherCa.issue('P3'))).status).toBe(400);
    expect((await through('P3', ca.issue('P2'))).status).toBe(401);
    expect((await through('P3', undefined)).status).toBe(401);
  });

  it('does not pass on a certificate header the station wrote itself', async () => {
    expect((await through('P3', undefined, { 'x-client-cert': encodeURIComponent(ca.issue('P3').pem) })).status).toBe(401);
  });
});

describe('browser origins', () => {
  it('refuses an upgrade with a browser Origin that is not allowed, and admits an allowed one', async () => {
    expect((await upgradeOutcome(ws(plain, 'P0'), { origin: 'https://evil.example' })).status).toBe(403);
    expect(await upgradeOutcome(ws(plain, 'P0'), { origin: 'http://127.0.0.1:8090' })).toEqual({ status: 101 });
  });
});

describe('failed login throttling', () => {
  it('locks a station id after its free failures, even for the right password, and says when to retry', async () => {
    const gateway = await startTestGateway({
      logger,
      settings: { stationSecurity: { allowedOrigins: [], trustedProxies: [], clientCertHeader: 'x-client-cert', clientCaFile: undefined, loginFailures: { perAddress: 100, perStation: 3, lockSeconds: 600 } } },
    });
    try {
      await addStation(gateway, 'T1', 1, { password: 'right-password-0123' });
      await addStation(gateway, 'T2', 1, { password: 'right-password-0123' });
      for (let i = 0; i < 3; i++) expect((await upgradeOutcome(ws(gateway, 'T1'), { headers: basicAuth('T1', `guess-password-${i}000`) })).status).toBe(401);
      const locked = await upgradeOutcome(ws(gateway, 'T1'), { headers: basicAuth('T1', 'right-password-0123') });
      expect(locked).toEqual({ status: 429, retryAfter: '600' });
      // another station from the same address is not affected by T1's lock
      expect(await upgradeOutcome(ws(gateway, 'T2'), { headers: basicAuth('T2', 'right-password-0123') })).toEqual({ status: 101 });
    } finally {
      await gateway.close();
    }
  });

  it('locks an address after its free failures across station ids, except for stations that logged in from it', async () => {
    const gateway = await startTestGateway({
      logger,
      settings: { stationSecurity: { allowedOrigins: [], trustedProxies: [], clientCertHeader: 'x-client-cert', clientCaFile: undefined, loginFailures: { perAddress: 2, perStation: 100, lockSeconds: 600 } } },
    });
    try {
      await addStation(gateway, 'A1', 1, { password: 'right-password-0123' });
      await addStation(gateway, 'A2', 1, { password: 'right-password-0123' });
      expect(await upgradeOutcome(ws(gateway, 'A2'), { headers: basicAuth('A2', 'right-password-0123') })).toEqual({ status: 101 });
      expect((await upgradeOutcome(ws(gateway, 'NOPE-1'))).status).toBe(404);
      expect((await upgradeOutcome(ws(gateway, 'A1'), { headers: basicAuth('A1', 'wrong-password-0123') })).status).toBe(401);
      expect((await upgradeOutcome(ws(gateway, 'A1'), { headers: basicAuth('A1', 'right-password-0123') })).status).toBe(429);
      expect((await upgradeOutcome(ws(gateway, 'NOPE-2'))).status).toBe(429);
      // A2 logged in from this address before: others failing behind the same NAT do not lock it out
      expect(await upgradeOutcome(ws(gateway, 'A2'), { headers: basicAuth('A2', 'right-password-0123') })).toEqual({ status: 101 });
    } finally {
      await gateway.close();
    }
  });
});
