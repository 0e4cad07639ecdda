import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ConformanceCases, StationUnderTest } from '../harness.ts';

/** A self-signed root certificate (EC P-256, 30 days) made by openssl now. */
function rootCertificate(commonName: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'oca-cert-'));
  try {
    const file = join(dir, 'root.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', file, '-subj', `/CN=${commonName}`, '-days', '30'], { stdio: 'ignore' });
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface HashData {
  hashAlgorithm: string;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

async function install(t: Parameters<ConformanceCases[string]>[0], station: StationUnderTest, certificateType: string, certificate: string): Promise<string> {
  const answer = await t.api('POST', `/charge-points/${station.id}/certificates`, { certificateType, certificate });
  expect(answer.status, answer.text).toBe(200);
  return answer.json<{ status: string }>().status;
}

async function installed(t: Parameters<ConformanceCases[string]>[0], station: StationUnderTest, certificateType: string): Promise<{ status: string; certificateHashData: HashData[] }> {
  const answer = await t.api('GET', `/charge-points/${station.id}/certificates?certificateType=${certificateType}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.json();
}

/** Install, then read back: the installed certificate is among the ids the station reports. */
async function installAndList(t: Parameters<ConformanceCases[string]>[0], certificateType: string): Promise<void> {
  const station = await t.station();
  expect(await install(t, station, certificateType, rootCertificate(`OCA ${certificateType}`))).toBe('Accepted');
  const [request] = await station.waitForCall('InstallCertificate');
  expect(request).toMatchObject({ certificateType, certificate: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/) });
  const list = await installed(t, station, certificateType);
  expect(list.status).toBe('Accepted');
  expect(list.certificateHashData).toEqual([expect.objectContaining({ hashAlgorithm: 'SHA256', serialNumber: expect.any(String) })]);
  expect(station.calls('GetInstalledCertificateIds')).toEqual([{ certificateType }]);
  await station.expectAllAnswered();
}

/** OCA §3.21: certificates on the station (security whitepaper, certificate management). */
export const cases: ConformanceCases = {
  async TC_075_1_CSMS(t) {
    await installAndList(t, 'ManufacturerRootCertificate');
  },

  async TC_075_2_CSMS(t) {
    await installAndList(t, 'CentralSystemRootCertificate');
  },

  /** With two roots installed, DeleteCertificate with the hash data the station reported deletes exactly that one. */
  async TC_076_CSMS(t) {
    const station = await t.station();
    expect(await install(t, station, 'CentralSystemRootCertificate', rootCertificate('OCA root one'))).toBe('Accepted');
    expect(await install(t, station, 'CentralSystemRootCertificate', rootCertificate('OCA root two'))).toBe('Accepted');
    const before = await installed(t, station, 'CentralSystemRootCertificate');
    expect(before.certificateHashData).toHaveLength(2);
    const [victim, survivor] = before.certificateHashData as [HashData, HashData];

    const deleted = await t.api('POST', `/charge-points/${station.id}/certificates/delete`, { certificateHashData: victim });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json()).toEqual({ status: 'Accepted' });
    expect(station.calls('DeleteCertificate')).toEqual([{ certificateHashData: victim }]);
    expect((await installed(t, station, 'CentralSystemRootCertificate')).certificateHashData).toEqual([survivor]);
    await station.expectAllAnswered();
  },

  /**
   * The station (the test tool's scripted answer) refuses the system's root and reports InvalidCentralSystemCertificate:
   * the system answers the event and stores it, shown with the station's security events.
   */
  async TC_078_CSMS(t) {
    const station = await t.station({ respond: { InstallCertificate: () => ({ status: 'Rejected' }) } });
    expect(await install(t, station, 'CentralSystemRootCertificate', rootCertificate('OCA refused root'))).toBe('Rejected');
    await station.waitForCall('InstallCertificate');
    expect(await station.cp.call('SecurityEventNotification', { type: 'InvalidCentralSystemCertificate', timestamp: new Date().toISOString() })).toEqual({});
    const events = await t.api('GET', `/security-events?chargePointId=${station.id}`);
    expect(events.json<{ items: { type: string; critical: boolean }[] }>().items).toEqual([expect.objectContaining({ type: 'InvalidCentralSystemCertificate', critical: false })]);
    await station.expectAllAnswered();
  },
};
