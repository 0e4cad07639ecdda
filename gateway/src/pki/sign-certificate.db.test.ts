import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { strictClient, type OcppTestClient } from '../test-kit/ocpp-clients.ts';
import { startTestGateway, type TestGateway } from '../test-kit/test-gateway.ts';
import { createTestPki, type TestCa, type TestPki } from '../test-kit/test-pki.ts';
import { CERTIFICATE_ISSUED_EVENT } from './certificate-delivery.ts';
import { x509 } from './x509.ts';

/*
 * SignCertificate through a real gateway socket with a station CA from the test PKI (openssl): a good CSR is
 * answered Accepted, then the station gets CertificateSigned with a chain from that CA, and the outcome is recorded
 * as a security event; a bad CSR is answered Rejected and nothing is sent.
 */
let pki: TestPki;
let ca: TestCa;
let t: TestGateway;
const open: OcppTestClient[] = [];

beforeAll(async () => {
  pki = createTestPki();
  ca = pki.ca('station-ca');
  t = await startTestGateway({ settings: { stationCa: { certFile: ca.cert.certFile, keyFile: ca.cert.keyFile, certificateDays: 30 } } });
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close({ force: true })));
  await t?.close();
  pki?.remove();
});

async function csrFor(commonName: string): Promise<{ pem: string; spki: Buffer }> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${commonName}`, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
  return { pem: csr.toString('pem'), spki: Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey)) };
}

/** A connected station that records each CertificateSigned it gets and answers it with `status`. */
async function station(id: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', status: 'Accepted' | 'Rejected') {
  await t.addStation(id);
  const client = strictClient(t.endpoint, id, protocol);
  const received: Record<string, unknown>[] = [];
  client.handle('CertificateSigned', ({ params }) => {
    received.push(params);
    return { status };
  });
  await client.connect();
  open.push(client);
  return { client, received };
}

const chainOf = (pem: string) => (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((b) => new x509.X509Certificate(b));

async function issuedEvents(id: string) {
  return (await t.db.securityEvents.list({ chargePointId: id })).filter((e) => e.type === CERTIFICATE_ISSUED_EVENT);
}

describe('SignCertificate with a station CA', () => {
  it('1.6: signs the CSR, sends CertificateSigned with leaf + CA, and records the station accepting it', async () => {
    const { client, received } = await station('CSR-16', 'ocpp1.6', 'Accepted');
    const csr = await csrFor('CSR-16');
    expect(await client.call('SignCertificate', { csr: csr.pem })).toEqual({ status: 'Accepted' });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 10_000 });
    const [leaf, tail] = chainOf(received[0]!.certificateChain as string);
    expect(received[0]!.certificateType).toBeUndefined();
    expect(leaf!.subject).toBe('CN=CSR-16');
    expect(leaf!.issuer).toBe('CN=station-ca');
    expect(Buffer.from(leaf!.publicKey.rawData).equals(csr.spki)).toBe(true);
    expect(tail!.toString('pem')).toBe(new x509.X509Certificate(ca.cert.pem).toString('pem'));
    expect(await leaf!.verify({ publicKey: tail!.publicKey, signatureOnly: true })).toBe(true);
    await vi.waitFor(async () => expect(await issuedEvents('CSR-16')).toHaveLength(1), { timeout: 10_000 });
    expect((await issuedEvents('CSR-16'))[0]!.techInfo).toBe(`serial ${leaf!.serialNumber}, valid until ${leaf!.notAfter.toISOString()}; CertificateSigned Accepted`);
  });

  it('2.0.1: sends the chain as a ChargingStationCertificate and records a station that rejects it', async () => {
    const { client, received } = await station('CSR-201', 'ocpp2.0.1', 'Rejected');
    const csr = await csrFor('CSR-201');
    expect(await client.call('SignCertificate', { csr: csr.pem, certificateType: 'ChargingStationCertificate' })).toEqual({ status: 'Accepted' });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 10_000 });
    expect(received[0]!.certificateType).toBe('ChargingStationCertificate');
    expect(chainOf(received[0]!.certificateChain as string)[0]!.subject).toBe('CN=CSR-201');
    await vi.waitFor(async () => expect(await issuedEvents('CSR-201')).toHaveLength(1), { timeout: 10_000 });
    expect((await issuedEvents('CSR-201'))[0]!.techInfo).toMatch(/; CertificateSigned Rejected$/);
  });

  it('records a CertificateSigned the station never answers as not answered', async () => {
    await t.addStation('CSR-MUTE');
    const client = strictClient(t.endpoint, 'CSR-MUTE', 'ocpp1.6');
    let asked = false;
    client.handle('CertificateSigned', () => {
      asked = true;
      return new Promise(() => undefined);
    });
    await client.connect();
    open.push(client);
    expect(await client.call('SignCertificate', { csr: (await csrFor('CSR-MUTE')).pem })).toEqual({ status: 'Accepted' });
    await vi.waitFor(async () => expect(await issuedEvents('CSR-MUTE')).toHaveLength(1), { timeout: 15_000 });
    expect(asked).toBe(true);
    expect((await issuedEvents('CSR-MUTE'))[0]!.techInfo).toMatch(/; CertificateSigned not answered \(ChargePointTimeout: CertificateSigned \(.+\) was not answered within 2000 ms\)$/);
  });

  it('rejects a CSR for another identity (2.0.1 with reason InvalidCSR) and sends nothing', async () => {
    const { client, received } = await station('CSR-BAD', 'ocpp2.0.1', 'Accepted');
    const csr = await csrFor('SOMEONE-ELSE');
    expect(await client.call('SignCertificate', { csr: csr.pem })).toEqual({
      status: 'Rejected',
      statusInfo: { reasonCode: 'InvalidCSR', additionalInfo: 'subject CN "SOMEONE-ELSE" is not the station identity' },
    });
    expect(await client.call('SignCertificate', { csr: csr.pem, certificateType: 'V2GCertificate' })).toMatchObject({
      status: 'Rejected',
      statusInfo: { reasonCode: 'UnsupportedCertType' },
    });
    // A later round trip: a CertificateSigned would have been queued before its answer.
    await client.call('Heartbeat', {});
    expect(received).toEqual([]);
    expect(await issuedEvents('CSR-BAD')).toEqual([]);
  });
});
