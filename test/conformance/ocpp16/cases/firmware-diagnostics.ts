import { expect } from 'vitest';
import type { Conformance, ConformanceCases, StationUnderTest } from '../harness.ts';

/** A station file job as `GET /charge-points/{id}/file-jobs` lists it. */
interface FileJob {
  readonly id: number;
  readonly kind: string;
  readonly status: string;
  readonly outcome: string;
  readonly answer: string | null;
  readonly upload: { name: string; size: number } | null;
  readonly events: { status: string }[];
}

/** A stand-in signing certificate: the system passes it on as the operator gave it; the simulator checks its PEM frame. */
const SIGNING_CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUCONFORMANCE\n-----END CERTIFICATE-----\n';

/** The operator uploads a firmware image; resolves with its id. */
async function firmwareImage(t: Conformance): Promise<number> {
  const form = new FormData();
  form.set('file', new Blob([Buffer.from(`conformance firmware ${Date.now()}`)]), 'oca-firmware.bin');
  form.set('version', '9.9.9');
  const answer = await t.apiForm('/firmware', form);
  expect(answer.status, answer.text).toBe(201);
  return answer.json<{ id: number }>().id;
}

/** Starts a job through the REST API and checks the station's answer. */
async function start(t: Conformance, station: StationUnderTest, path: string, body: unknown, status = 'Accepted'): Promise<number> {
  const answer = await t.api('POST', `/charge-points/${station.id}/${path}`, body);
  expect(answer.status, answer.text).toBe(200);
  const started = answer.json<{ jobId: number; status: string }>();
  expect(started.status).toBe(status);
  return started.jobId;
}

/** Waits until the system records the job's outcome; resolves with the job. */
async function settled(t: Conformance, station: StationUnderTest, jobId: number, outcome: string): Promise<FileJob> {
  const job = async () => {
    const answer = await t.api('GET', `/charge-points/${station.id}/file-jobs`);
    expect(answer.status, answer.text).toBe(200);
    return answer.json<{ items: FileJob[] }>().items.find((j) => j.id === jobId);
  };
  await expect.poll(async () => (await job())?.outcome, { timeout: 60_000, message: `job ${jobId} of ${station.id} ends ${outcome}` }).toBe(outcome);
  return (await job())!;
}

const statuses = (job: FileJob) => job.events.map((e) => e.status);

/** The location the station got points at this system with a token. */
function expectSystemUrl(t: Conformance, location: unknown, path: string): void {
  expect(String(location)).toMatch(new RegExp(`^${t.webUrl.replace(/[.]/g, '\\.')}${path}\\?token=[0-9a-z]+\\.[A-Za-z0-9_-]{43}$`));
}

/** OCA §3.15 firmware management, §3.16 diagnostics and the security whitepaper's GetLog and signed updates (§3.21). */
export const cases: ConformanceCases = {
  /** The station downloads the uploaded image from the system, installs it with a reboot and reports Installed. */
  async TC_044_1_CSMS(t) {
    const firmwareId = await firmwareImage(t);
    const station = await t.station();
    const jobId = await start(t, station, 'firmware', { firmwareId });
    const [request] = await station.waitForCall('UpdateFirmware');
    expectSystemUrl(t, request!.location, `/files/firmware/${firmwareId}`);
    expect(request!.retrieveDate).toEqual(expect.any(String));
    const job = await settled(t, station, jobId, 'Succeeded');
    expect(statuses(job)).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    expect(station.answers('FirmwareStatusNotification')).toHaveLength(4);
    // the reboot's BootNotification was accepted like the first
    expect(station.answers('BootNotification').map((a) => a.status)).toEqual(['Accepted', 'Accepted']);
    await station.expectAllAnswered();
  },

  /**
   * The test tool's station reports a failed download. OCA scripts it: the case plays the tool (UpdateFirmware
   * answered, then FSN Downloading and DownloadFailed); the simulator's own failed download is tested in
   * simulators/src/charge-point/v16/firmware16.int.test.ts.
   */
  async TC_044_2_CSMS(t) {
    const firmwareId = await firmwareImage(t);
    const station = await t.station({ respond: { UpdateFirmware: () => ({}) } });
    const jobId = await start(t, station, 'firmware', { firmwareId });
    await station.waitForCall('UpdateFirmware');
    await station.cp.firmwareStatus('Downloading');
    await station.cp.firmwareStatus('DownloadFailed');
    const job = await settled(t, station, jobId, 'Failed');
    expect(statuses(job)).toEqual(['Downloading', 'DownloadFailed']);
    await station.expectAllAnswered();
  },

  /** The image downloads but does not install (the simulator's SimulatorInstallFails key): InstallationFailed. */
  async TC_044_3_CSMS(t) {
    const firmwareId = await firmwareImage(t);
    const station = await t.station({ settings: { SimulatorInstallFails: 'true' } });
    const jobId = await start(t, station, 'firmware', { firmwareId, retries: 1, retryInterval: 30 });
    expect((await station.waitForCall('UpdateFirmware'))[0]).toMatchObject({ retries: 1, retryInterval: 30 });
    const job = await settled(t, station, jobId, 'Failed');
    expect(statuses(job)).toEqual(['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']);
    await station.expectAllAnswered();
  },

  /** GetDiagnostics with the system's upload URL: the station uploads, the file is the admins' to download. */
  async TC_045_1_CSMS(t) {
    const station = await t.station();
    const answer = await t.api('POST', `/charge-points/${station.id}/diagnostics`, {});
    expect(answer.status, answer.text).toBe(200);
    const { jobId, fileName } = answer.json<{ jobId: number; fileName: string }>();
    expect(fileName).toBe(`${station.id}-diagnostics.log`);
    expectSystemUrl(t, (await station.waitForCall('GetDiagnostics'))[0]!.location, `/files/uploads/${jobId}`);
    const job = await settled(t, station, jobId, 'Succeeded');
    expect(statuses(job)).toEqual(['Uploading', 'Uploaded']);
    expect(job.upload).toMatchObject({ name: expect.stringContaining(station.id), size: 256 });
    const file = await t.api('GET', `/file-jobs/${jobId}/file`);
    expect(file.status).toBe(200);
    expect(file.text).toContain(station.id);
    await station.expectAllAnswered();
  },

  /** The station's upload is refused (larger than STATION_UPLOAD_MAX_BYTES): DiagnosticsStatusNotification UploadFailed. */
  async TC_045_2_CSMS(t) {
    const station = await t.station({ settings: { SimulatorUploadBytes: String(9 * 1024 * 1024) } });
    const jobId = await start(t, station, 'diagnostics', { startTime: '2026-01-01T00:00:00Z' });
    expect((await station.waitForCall('GetDiagnostics'))[0]).toMatchObject({ startTime: '2026-01-01T00:00:00.000Z' });
    const job = await settled(t, station, jobId, 'Failed');
    expect(statuses(job)).toEqual(['Uploading', 'UploadFailed']);
    expect(job.upload).toBeNull();
    await station.expectAllAnswered();
  },

  /** GetLog SecurityLog: LogStatusNotification Uploading and Uploaded name the job's requestId; the log is stored. */
  async TC_079_CSMS(t) {
    const station = await t.station();
    const jobId = await start(t, station, 'logs', { logType: 'SecurityLog' });
    const [request] = await station.waitForCall('GetLog');
    expect(request).toMatchObject({ logType: 'SecurityLog', requestId: jobId });
    expectSystemUrl(t, (request!.log as { remoteLocation: string }).remoteLocation, `/files/uploads/${jobId}`);
    const job = await settled(t, station, jobId, 'Succeeded');
    expect(statuses(job)).toEqual(['Uploading', 'Uploaded']);
    expect(job.upload).toMatchObject({ size: 256 });
    await station.expectAllAnswered();
  },

  /** SignedUpdateFirmware: every SignedFirmwareStatusNotification, the reboot and the FirmwareUpdated event answered. */
  async TC_080_CSMS(t) {
    const firmwareId = await firmwareImage(t);
    const station = await t.station();
    const jobId = await start(t, station, 'firmware', { firmwareId, signed: true, signingCertificate: SIGNING_CERTIFICATE, signature: 'c2lnbmF0dXJl' });
    const [request] = await station.waitForCall('SignedUpdateFirmware');
    expect(request).toMatchObject({ requestId: jobId, firmware: { signingCertificate: SIGNING_CERTIFICATE, signature: 'c2lnbmF0dXJl' } });
    expectSystemUrl(t, (request!.firmware as { location: string }).location, `/files/firmware/${firmwareId}`);
    const job = await settled(t, station, jobId, 'Succeeded');
    expect(statuses(job)).toEqual(['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting', 'Installed']);
    await expect.poll(() => station.answers('SecurityEventNotification').length, { timeout: 30_000 }).toBe(1);
    expect(station.answers('BootNotification').map((a) => a.status)).toEqual(['Accepted', 'Accepted']);
    await station.expectAllAnswered();
  },

  /** A signature the station cannot verify (the simulator's convention: the text `invalid`): InvalidSignature ends the job. */
  async TC_081_CSMS(t) {
    const firmwareId = await firmwareImage(t);
    const station = await t.station();
    const jobId = await start(t, station, 'firmware', { firmwareId, signed: true, signingCertificate: SIGNING_CERTIFICATE, signature: 'invalid' });
    const job = await settled(t, station, jobId, 'Failed');
    expect(statuses(job)).toEqual(['Downloading', 'Downloaded', 'InvalidSignature']);
    expect(station.calls('SignedUpdateFirmware')).toHaveLength(1);
    await station.expectAllAnswered();
  },
};
