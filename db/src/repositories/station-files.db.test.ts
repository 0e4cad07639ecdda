import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 29) + seconds * 1000);

describe('station file jobs and firmware images', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const id of ['CP-F1', 'CP-F2']) await db.chargePoints.create(id, { name: id });
  });
  afterAll(() => db.close());

  it('stores, lists and removes firmware images', async () => {
    const image = await db.stationFiles.addFirmwareImage({ name: 'fw.bin', version: '2.0', size: 5, sha256: 'a'.repeat(64), uploadedBy: 'admin', uploadedAt: at(0) });
    expect(await db.stationFiles.firmwareImage(image.id)).toEqual(image);
    expect((await db.stationFiles.firmwareImages()).map((i) => i.id)).toContain(image.id);
    expect(await db.stationFiles.removeFirmwareImage(image.id)).toBe(true);
    expect(await db.stationFiles.removeFirmwareImage(image.id)).toBe(false);
    expect(await db.stationFiles.firmwareImage(image.id)).toBeNull();
  });

  it('tracks a firmware job through its notifications; the outcome settles once', async () => {
    const job = await db.stationFiles.createJob({ chargePointId: 'CP-F1', kind: 'firmware', firmwareImageId: 7, requestedBy: 'admin', at: at(0), location: (id) => `http://csms/files/firmware/7?job=${id}` });
    expect(job).toMatchObject({ status: 'Requested', outcome: 'Pending', location: `http://csms/files/firmware/7?job=${job.id}`, events: [] });
    await db.stationFiles.answerJob(job.id, 'Accepted', false, at(1));
    for (const [i, status] of ['Downloading', 'Downloaded', 'Installing'].entries()) {
      expect(await db.stationFiles.recordStatus('CP-F1', ['firmware'], undefined, status, at(2 + i))).toBe(job.id);
    }
    expect((await db.stationFiles.job(job.id))?.outcome).toBe('Pending');
    await db.stationFiles.recordStatus('CP-F1', ['firmware'], undefined, 'Installed', at(9));
    const done = await db.stationFiles.job(job.id);
    expect(done).toMatchObject({ answer: 'Accepted', status: 'Installed', outcome: 'Succeeded', updatedAt: at(9) });
    expect(done!.events).toEqual([
      { status: 'Downloading', at: at(2) },
      { status: 'Downloaded', at: at(3) },
      { status: 'Installing', at: at(4) },
      { status: 'Installed', at: at(9) },
    ]);
    // a notification without requestId finds no pending job any more: nothing is attached to a finished one
    expect(await db.stationFiles.recordStatus('CP-F1', ['firmware'], undefined, 'Idle', at(10))).toBeNull();
    // another station's job or kind is never touched
    expect(await db.stationFiles.recordStatus('CP-F2', ['firmware'], job.id, 'DownloadFailed', at(11))).toBeNull();
    expect(await db.stationFiles.recordStatus('CP-F1', ['log'], job.id, 'Uploaded', at(11))).toBeNull();
  });

  it('matches a notification with requestId to its job, and a failure ends the job Failed', async () => {
    const first = await db.stationFiles.createJob({ chargePointId: 'CP-F2', kind: 'log', logType: 'SecurityLog', requestedBy: null, at: at(0), location: () => 'x' });
    const second = await db.stationFiles.createJob({ chargePointId: 'CP-F2', kind: 'log', logType: 'DiagnosticsLog', requestedBy: null, at: at(1), location: () => 'y' });
    expect(await db.stationFiles.recordStatus('CP-F2', ['log'], first.id, 'UploadFailure', at(2))).toBe(first.id);
    expect(await db.stationFiles.job(first.id)).toMatchObject({ outcome: 'Failed', status: 'UploadFailure' });
    expect(await db.stationFiles.job(second.id)).toMatchObject({ outcome: 'Pending', status: 'Requested' });
    expect((await db.stationFiles.jobsOfStation('CP-F2', 10)).map((j) => j.id)).toEqual([second.id, first.id]);
  });

  it('records a refused request as Rejected', async () => {
    const job = await db.stationFiles.createJob({ chargePointId: 'CP-F2', kind: 'signedFirmware', requestedBy: null, at: at(0), location: () => 'z' });
    await db.stationFiles.answerJob(job.id, 'InvalidCertificate', true, at(1));
    expect(await db.stationFiles.job(job.id)).toMatchObject({ outcome: 'Rejected', answer: 'InvalidCertificate' });
    // an answer lost to a timeout after the station already reported does not undo what it reported
    const done = await db.stationFiles.createJob({ chargePointId: 'CP-F2', kind: 'diagnostics', requestedBy: null, at: at(0), location: () => 'd' });
    await db.stationFiles.recordStatus('CP-F2', ['diagnostics'], undefined, 'Uploaded', at(1));
    await db.stationFiles.answerJob(done.id, 'ChargePointTimeout', true, at(2));
    expect(await db.stationFiles.job(done.id)).toMatchObject({ outcome: 'Succeeded', status: 'Uploaded', answer: 'ChargePointTimeout' });
  });

  it('hands out an upload once, again after a release, and records the file', async () => {
    const job = await db.stationFiles.createJob({ chargePointId: 'CP-F1', kind: 'diagnostics', requestedBy: null, at: at(0), location: () => 'u' });
    expect(await db.stationFiles.claimUpload(job.id, at(1))).toBe(true);
    expect(await db.stationFiles.claimUpload(job.id, at(2))).toBe(false);
    await db.stationFiles.releaseUpload(job.id);
    expect(await db.stationFiles.claimUpload(job.id, at(3))).toBe(true);
    await db.stationFiles.recordUpload(job.id, 'diag.log', 42, at(4));
    await db.stationFiles.releaseUpload(job.id);
    expect(await db.stationFiles.claimUpload(job.id, at(5))).toBe(false);
    expect((await db.stationFiles.job(job.id))?.upload).toEqual({ name: 'diag.log', size: 42, at: at(4) });
    const firmware = await db.stationFiles.createJob({ chargePointId: 'CP-F1', kind: 'firmware', requestedBy: null, at: at(0), location: () => 'f' });
    expect(await db.stationFiles.claimUpload(firmware.id, at(1))).toBe(false);
  });

  it('refuses a job for an unknown station', async () => {
    await expect(db.stationFiles.createJob({ chargePointId: 'NOPE', kind: 'log', requestedBy: null, at: at(0), location: () => '' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
