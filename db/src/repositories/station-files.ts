import type { InferEntity } from '@mikro-orm/core';
import { ChargePointEntity } from '../entities/charge-point.entity.ts';
import { FirmwareImageEntity } from '../entities/firmware-image.entity.ts';
import { StationFileJobEntity, StationFileJobEventEntity } from '../entities/station-file-job.entity.ts';
import { NotFoundError } from '../errors.ts';
import type { Session } from '../orm/session.ts';

/** What a station was asked to do with a file: 1.6 UpdateFirmware, SignedUpdateFirmware, GetDiagnostics, GetLog. */
export type StationFileJobKind = 'firmware' | 'signedFirmware' | 'diagnostics' | 'log';

/** Where a job stands: `Pending` until a final status (or a refusal of the request). */
export type StationFileJobOutcome = 'Pending' | 'Succeeded' | 'Failed' | 'Rejected';

/** A firmware image as plain data. */
export interface FirmwareImageRecord {
  readonly id: number;
  readonly name: string;
  readonly version: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string | null;
  readonly uploadedAt: Date;
}

/** One job with its status history, oldest first. */
export interface StationFileJobRecord {
  /** Also the OCPP `requestId` of SignedUpdateFirmware and GetLog. */
  readonly id: number;
  readonly chargePointId: string;
  readonly kind: StationFileJobKind;
  readonly firmwareImageId: number | null;
  readonly logType: string | null;
  /** The URL sent, without its token. */
  readonly location: string;
  /** The station's answer to the request (its status, or GetDiagnostics' file name). */
  readonly answer: string | null;
  readonly status: string;
  readonly outcome: StationFileJobOutcome;
  readonly requestedBy: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** The file the station uploaded (diagnostics and logs), once it arrived. */
  readonly upload: { readonly name: string; readonly size: number; readonly at: Date } | null;
  readonly events: readonly { readonly status: string; readonly at: Date }[];
}

/** What a new job needs; `location` gets the job's id (the upload URL names it). */
export interface NewStationFileJob {
  readonly chargePointId: string;
  readonly kind: StationFileJobKind;
  readonly firmwareImageId?: number;
  readonly logType?: string;
  readonly requestedBy: string | null;
  readonly at: Date;
  readonly location: (jobId: number) => string;
}

const SUCCEEDED = new Set(['Installed', 'Uploaded']);
const FAILED = new Set([
  'DownloadFailed',
  'InstallationFailed',
  'InstallVerificationFailed',
  'InvalidSignature',
  'UploadFailed',
  'UploadFailure',
  'BadMessage',
  'NotSupportedOperation',
  'PermissionDenied',
]);

/** The outcome a reported status settles (`Pending` for a status on the way, e.g. Downloading or Uploading). */
export function outcomeOfStatus(status: string): StationFileJobOutcome {
  if (SUCCEEDED.has(status)) return 'Succeeded';
  if (FAILED.has(status)) return 'Failed';
  return 'Pending';
}

type JobRow = InferEntity<typeof StationFileJobEntity>;

function toImage(row: InferEntity<typeof FirmwareImageEntity>): FirmwareImageRecord {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy ?? null,
    uploadedAt: row.uploadedAt,
  };
}

function toJob(row: JobRow, events: readonly InferEntity<typeof StationFileJobEventEntity>[]): StationFileJobRecord {
  return {
    id: row.id,
    chargePointId: row.chargePoint,
    kind: row.kind as StationFileJobKind,
    firmwareImageId: row.firmwareImageId ?? null,
    logType: row.logType ?? null,
    location: row.location,
    answer: row.answer ?? null,
    status: row.status,
    outcome: row.outcome as StationFileJobOutcome,
    requestedBy: row.requestedBy ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    upload: row.uploadName && row.uploadedAt ? { name: row.uploadName, size: row.uploadSize ?? 0, at: row.uploadedAt } : null,
    events: events.map((event) => ({ status: event.status, at: event.at })),
  };
}

/** Firmware images and the firmware/diagnostics/log jobs of stations with their status history. */
export interface StationFileRepository {
  addFirmwareImage(image: Omit<FirmwareImageRecord, 'id'>): Promise<FirmwareImageRecord>;
  firmwareImage(id: number): Promise<FirmwareImageRecord | null>;
  /** Newest first. */
  firmwareImages(): Promise<FirmwareImageRecord[]>;
  /** False when there was none. */
  removeFirmwareImage(id: number): Promise<boolean>;
  /** Stores a new job (status `Requested`, outcome `Pending`); throws NotFoundError for an unknown station. */
  createJob(job: NewStationFileJob): Promise<StationFileJobRecord>;
  /** Records the station's answer to the request; `refused` ends the job as `Rejected` unless the station reported on it already. */
  answerJob(id: number, answer: string, refused: boolean, at: Date): Promise<void>;
  /**
   * Appends a status notification to the job it belongs to: the station's job `requestId` of one of `kinds` when
   * given, else its newest job of `kinds` that is still pending. Returns the job's id, or null when none matched
   * (a notification nobody asked for, e.g. `Idle` after a TriggerMessage). A final status settles the outcome once.
   */
  recordStatus(chargePointId: string, kinds: readonly StationFileJobKind[], requestId: number | undefined, status: string, at: Date): Promise<number | null>;
  job(id: number): Promise<StationFileJobRecord | null>;
  /** The station's jobs, newest first. */
  jobsOfStation(chargePointId: string, limit: number): Promise<StationFileJobRecord[]>;
  /** Takes the job's single upload: true once, false after (or for a job that takes no upload). */
  claimUpload(id: number, at: Date): Promise<boolean>;
  /** Gives the upload back after a failed attempt (too large, cut off), so the station's retry can use it. */
  releaseUpload(id: number): Promise<void>;
  recordUpload(id: number, name: string, size: number, at: Date): Promise<void>;
}

/** Binds the station file repository to a session. */
export function createStationFileRepository(session: Session): StationFileRepository {
  const eventsOf = async (em: Parameters<Parameters<Session['read']>[0]>[0], ids: number[]) =>
    ids.length === 0 ? [] : em.find(StationFileJobEventEntity, { job: { $in: ids } }, { orderBy: { id: 'asc' } });
  const withEvents = async (em: Parameters<Parameters<Session['read']>[0]>[0], rows: JobRow[]) => {
    const events = await eventsOf(em, rows.map((row) => row.id));
    return rows.map((row) => toJob(row, events.filter((event) => event.job === row.id)));
  };
  return {
    addFirmwareImage: (image) =>
      session.write(async (em) => {
        const row = em.create(FirmwareImageEntity, { ...image });
        await em.flush();
        return toImage(row);
      }),
    firmwareImage: (id) =>
      session.read(async (em) => {
        const row = await em.findOne(FirmwareImageEntity, { id });
        return row ? toImage(row) : null;
      }),
    firmwareImages: () => session.read(async (em) => (await em.find(FirmwareImageEntity, {}, { orderBy: { id: 'desc' } })).map(toImage)),
    removeFirmwareImage: (id) => session.write(async (em) => (await em.nativeDelete(FirmwareImageEntity, { id })) > 0),
    createJob: (job) =>
      session.write(async (em) => {
        if (!(await em.findOne(ChargePointEntity, { id: job.chargePointId }, { fields: ['id'] }))) {
          throw new NotFoundError(`charge point "${job.chargePointId}" does not exist`);
        }
        const row = em.create(StationFileJobEntity, {
          chargePoint: job.chargePointId,
          kind: job.kind,
          firmwareImageId: job.firmwareImageId ?? null,
          logType: job.logType ?? null,
          location: '',
          status: 'Requested',
          outcome: 'Pending',
          requestedBy: job.requestedBy,
          createdAt: job.at,
          updatedAt: job.at,
        });
        await em.flush();
        row.location = job.location(row.id).slice(0, 1000);
        await em.flush();
        return toJob(row, []);
      }),
    answerJob: async (id, answer, refused, at) => {
      await session.write(async (em) => {
        await em.nativeUpdate(StationFileJobEntity, { id }, { answer: answer.slice(0, 255), updatedAt: at });
        // a job the station already reported on keeps that outcome (e.g. the answer timed out but the work was done)
        if (refused) await em.nativeUpdate(StationFileJobEntity, { id, outcome: 'Pending', status: 'Requested' }, { status: answer.slice(0, 40), outcome: 'Rejected' });
      });
    },
    recordStatus: (chargePointId, kinds, requestId, status, at) =>
      session.write(async (em) => {
        const row =
          requestId === undefined
            ? await em.findOne(StationFileJobEntity, { chargePoint: chargePointId, kind: { $in: [...kinds] }, outcome: 'Pending' }, { orderBy: { id: 'desc' } })
            : await em.findOne(StationFileJobEntity, { id: requestId, chargePoint: chargePointId, kind: { $in: [...kinds] } });
        if (!row) return null;
        em.create(StationFileJobEventEntity, { job: row.id, status: status.slice(0, 40), at });
        row.status = status.slice(0, 40);
        row.updatedAt = at;
        if (row.outcome === 'Pending') row.outcome = outcomeOfStatus(status);
        await em.flush();
        return row.id;
      }),
    job: (id) =>
      session.read(async (em) => {
        const row = await em.findOne(StationFileJobEntity, { id });
        return row ? (await withEvents(em, [row]))[0]! : null;
      }),
    jobsOfStation: (chargePointId, limit) =>
      session.read(async (em) => withEvents(em, await em.find(StationFileJobEntity, { chargePoint: chargePointId }, { orderBy: { id: 'desc' }, limit }))),
    claimUpload: (id, at) =>
      session.write(
        async (em) =>
          (await em.nativeUpdate(StationFileJobEntity, { id, kind: { $in: ['diagnostics', 'log'] }, uploadClaimedAt: null }, { uploadClaimedAt: at })) === 1,
      ),
    releaseUpload: async (id) => {
      await session.write((em) => em.nativeUpdate(StationFileJobEntity, { id, uploadedAt: null }, { uploadClaimedAt: null }));
    },
    recordUpload: async (id, name, size, at) => {
      await session.write((em) => em.nativeUpdate(StationFileJobEntity, { id }, { uploadName: name.slice(0, 255), uploadSize: size, uploadedAt: at, updatedAt: at }));
    },
  };
}
