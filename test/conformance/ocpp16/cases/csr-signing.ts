import { X509Certificate } from 'node:crypto';
import { expect } from 'vitest';
import type { Conformance, ConformanceCases, StationUnderTest } from '../harness.ts';
import { runStationCa } from '../station-ca.ts';

const chainOf = (pem: string) => (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((block) => new X509Certificate(block));

/** The operator asks the station for a CSR (ExtendedTriggerMessage SignChargePointCertificate); the station accepts. */
async function triggerCsr(t: Conformance, station: StationUnderTest): Promise<void> {
  const answer = await t.api('POST', `/charge-points/${station.id}/extended-trigger`, { message: 'SignChargePointCertificate' });
  expect(answer.status, answer.text).toBe(200);
  expect(answer.json<{ status: string }>().status).toBe('Accepted');
  expect(await station.waitForCall('ExtendedTriggerMessage')).toEqual([{ requestedMessage: 'SignChargePointCertificate' }]);
}

/** The station's SignCertificate, answered Accepted by the system. */
async function csrAccepted(station: StationUnderTest): Promise<void> {
  await expect.poll(() => station.answers('SignCertificate'), { timeout: 30_000 }).toEqual([{ status: 'Accepted' }]);
}

/** What the operator sees of the certificate the system issued: its security event's text (serial, expiry, answer). */
async function issuedOutcome(t: Conformance, station: StationUnderTest): Promise<string> {
  const issued = async () => {
    const events = await t.api('GET', `/security-events?chargePointId=${station.id}`);
    expect(events.status, events.text).toBe(200);
    return events.json<{ items: { type: string; techInfo: string | null }[] }>().items.filter((e) => e.type === 'StationCertificateIssued');
  };
  await expect.poll(async () => (await issued()).length, { timeout: 30_000 }).toBe(1);
  return (await issued())[0]!.techInfo ?? '';
}

/** OCA §3.21: the station's own certificate, issued by the system from the station's CSR (security whitepaper A02). */
export const cases: ConformanceCases = {
  async TC_074_CSMS(t) {
    const station = await t.station();
    await triggerCsr(t, station);
    await csrAccepted(station);
    const [signed] = await station.waitForCall('CertificateSigned');
    const chain = chainOf(String(signed!.certificateChain));
    const ca = new X509Certificate(runStationCa().certificatePem);
    expect(chain).toHaveLength(2);
    const [leaf, tail] = [chain[0]!, chain[1]!];
    expect(leaf.subject).toBe(`CN=${station.id}`);
    expect(leaf.issuer).toBe(ca.subject);
    expect(tail.fingerprint256).toBe(ca.fingerprint256);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    // The simulated station installs it only when the leaf carries the key of its own CSR; the operator sees that.
    const outcome = /^serial ([0-9a-f]+), valid until (\S+); CertificateSigned (\w+)$/.exec(await issuedOutcome(t, station));
    expect(outcome?.slice(1)).toEqual([expect.any(String), new Date(leaf.validTo).toISOString(), 'Accepted']);
    expect(BigInt(`0x${outcome![1]}`)).toBe(BigInt(`0x${leaf.serialNumber}`));
    expect(station.answers('SecurityEventNotification')).toEqual([]);
    await station.expectAllAnswered();
  },

  async TC_077_CSMS(t) {
    // The test tool's station refuses the certificate and reports it, as a station whose checks fail does.
    const station = await t.station({ respond: { CertificateSigned: () => ({ status: 'Rejected' }) } });
    await triggerCsr(t, station);
    await csrAccepted(station);
    await station.waitForCall('CertificateSigned');
    expect(await issuedOutcome(t, station)).toMatch(/; CertificateSigned Rejected$/);
    await station.cp.call('SecurityEventNotification', {
      type: 'InvalidChargePointCertificate',
      timestamp: new Date().toISOString(),
      techInfo: 'certificate refused by the test tool',
    });
    expect(station.answers('SecurityEventNotification')).toEqual([{}]);
    const events = await t.api('GET', `/security-events?chargePointId=${station.id}`);
    expect(events.status, events.text).toBe(200);
    expect(events.json<{ items: { type: string }[] }>().items.map((e) => e.type)).toContain('InvalidChargePointCertificate');
    await station.expectAllAnswered();
  },
};
