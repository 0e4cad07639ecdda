import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TestCsms } from '../testing/test-csms.ts';
import { ChargePoint } from './charge-point.ts';
import { installedStationCertificate } from './station-certificate.ts';

let csms: TestCsms;
let cp: ChargePoint;

beforeEach(async () => {
  csms = await TestCsms.start();
});

async function up(protocol: 'ocpp1.6' | 'ocpp2.0.1'): Promise<void> {
  cp = new ChargePoint({ url: csms.url, id: 'CSR-SIM', protocol, connectors: 1 });
  await cp.powerUp();
}

afterEach(async () => {
  await cp.close();
  await csms.stop();
  expect(csms.violations).toEqual([]);
});

const EC_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** Issues a certificate for the CSR's key from a fresh CA, as a central system would; returns leaf + CA PEM. */
async function issue(csrPem: string): Promise<string> {
  const caKeys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=Sim CA', keys: caKeys, signingAlgorithm: EC_SIGN });
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  const leaf = await x509.X509CertificateGenerator.create({
    subject: csr.subjectName,
    issuer: ca.subjectName,
    publicKey: csr.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: EC_SIGN,
  });
  return `${leaf.toString('pem')}\n${ca.toString('pem')}\n`;
}

it('1.6: on ExtendedTriggerMessage SignChargePointCertificate sends a CSR for its identity and installs the chain issued for it', async () => {
  await up('ocpp1.6');
  expect(await csms.sendCall(cp.id, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' })).toEqual({ status: 'Accepted' });
  const sent = await csms.waitForCall(cp.id, 'SignCertificate');
  const csrPem = String(sent.payload.csr);
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  expect(csr.subject).toBe('CN=CSR-SIM');
  expect(await csr.verify()).toBe(true);
  const chain = await issue(csrPem);
  expect(await csms.sendCall(cp.id, 'CertificateSigned', { certificateChain: chain })).toEqual({ status: 'Accepted' });
  expect(installedStationCertificate(cp)).toBe(chain);
});

it('1.6: rejects a chain for another key or one that does not parse, and reports InvalidChargePointCertificate', async () => {
  await up('ocpp1.6');
  expect(await csms.sendCall(cp.id, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' })).toEqual({ status: 'Accepted' });
  await csms.waitForCall(cp.id, 'SignCertificate');
  const otherKeys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const foreign = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=CSR-SIM', keys: otherKeys, signingAlgorithm: EC_SIGN });
  expect(await csms.sendCall(cp.id, 'CertificateSigned', { certificateChain: await issue(foreign.toString('pem')) })).toEqual({ status: 'Rejected' });
  const first = await csms.waitForCall(cp.id, 'SecurityEventNotification', (c) => c.payload.type === 'InvalidChargePointCertificate');
  expect(first.payload.techInfo).toBe('the certificate is not for the key of the pending CSR');
  const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
  expect(await csms.sendCall(cp.id, 'CertificateSigned', { certificateChain: broken })).toEqual({ status: 'Rejected' });
  await csms.waitForCall(cp.id, 'SecurityEventNotification', (c) => c.payload.techInfo === 'the chain does not parse');
  expect(installedStationCertificate(cp)).toBeUndefined();
});

it('2.0.1: on TriggerMessage SignChargingStationCertificate sends a ChargingStationCertificate CSR, installs its chain, refuses a foreign one', async () => {
  await up('ocpp2.0.1');
  expect(await csms.sendCall(cp.id, 'TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' })).toEqual({ status: 'Accepted' });
  const sent = await csms.waitForCall(cp.id, 'SignCertificate');
  expect(sent.payload.certificateType).toBe('ChargingStationCertificate');
  const chain = await issue(String(sent.payload.csr));
  const otherKeys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const foreign = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=CSR-SIM', keys: otherKeys, signingAlgorithm: EC_SIGN });
  const signed = (certificateChain: string) => csms.sendCall(cp.id, 'CertificateSigned', { certificateChain, certificateType: 'ChargingStationCertificate' });
  expect(await signed(await issue(foreign.toString('pem')))).toEqual({ status: 'Rejected' });
  await csms.waitForCall(cp.id, 'SecurityEventNotification', (c) => c.payload.type === 'InvalidChargingStationCertificate');
  expect(await signed(chain)).toEqual({ status: 'Accepted' });
  expect(installedStationCertificate(cp)).toBe(chain);
});
