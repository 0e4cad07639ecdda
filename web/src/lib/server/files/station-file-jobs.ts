import type { StationFileJobRecord } from '@csms/db';
import type { ChargePointCommand } from '@csms/temporal';
import { runCommand } from '../commands/run-command.ts';
import { ApiError, toApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { createFileToken } from './file-token.ts';

/** A job the station was asked to do, with its answer. */
export interface StartedFileJob {
  readonly jobId: number;
  /** The station's answer: `Accepted` (UpdateFirmware and GetDiagnostics have no status), or its refusal. */
  readonly status: string;
  /** GetDiagnostics / GetLog: the file the station said it will upload. */
  readonly fileName?: string;
}

/** What a firmware update needs beyond the station. */
export interface FirmwareUpdateInput {
  readonly firmwareId: number;
  /** When the station may start downloading (default now). */
  readonly retrieveAt?: Date;
  readonly retries?: number;
  readonly retryInterval?: number;
  /** Present: a SignedUpdateFirmware with the administrator's certificate and signature. */
  readonly signed?: { readonly signingCertificate: string; readonly signature: string; readonly installAt?: Date };
}

/** What a diagnostics or log upload needs beyond the station. */
export type UploadRequestInput =
  | { readonly kind: 'diagnostics'; readonly startTime?: Date; readonly stopTime?: Date }
  | { readonly kind: 'log'; readonly logType: 'DiagnosticsLog' | 'SecurityLog'; readonly oldest?: Date; readonly latest?: Date };

/**
 * The address stations reach the app at: configured, else the host this request came to. Without `ORIGIN` adapter-node
 * guesses https for every request, so an unconfigured installation gets http (what it serves itself).
 */
function baseUrl(services: Services, requestUrl: URL): string {
  return services.config.stationFiles.baseUrl ?? (services.config.originKnown ? requestUrl.origin : `http://${requestUrl.host}`);
}

/** Runs the job's command and records the station's answer; a failure (offline, timeout, refusal) ends the job. */
async function runJob(
  services: Services,
  job: StationFileJobRecord,
  command: ChargePointCommand,
  requestedBy: string,
  refused: (status: string) => boolean,
): Promise<StartedFileJob> {
  try {
    const result = await runCommand(services, job.chargePointId, command, requestedBy);
    await services.db.stationFiles.answerJob(job.id, result.fileName ?? result.status, refused(result.status), new Date());
    return { jobId: job.id, status: result.status, ...(result.fileName === undefined ? {} : { fileName: result.fileName }) };
  } catch (error) {
    await services.db.stationFiles.answerJob(job.id, toApiError(error).code, true, new Date());
    throw error;
  }
}

/**
 * Sends UpdateFirmware (or, with `signed`, SignedUpdateFirmware) whose location is the image's download URL with a
 * token valid for `STATION_FILE_URL_MINUTES`; the job and its answer are stored before this returns.
 */
export async function startFirmwareUpdate(
  services: Services,
  chargePointId: string,
  input: FirmwareUpdateInput,
  requestedBy: string,
  requestUrl: URL,
): Promise<StartedFileJob> {
  const image = await services.db.stationFiles.firmwareImage(input.firmwareId);
  if (!image) throw new ApiError(404, 'NotFound', `firmware image ${input.firmwareId} does not exist`);
  const now = Date.now();
  const url = `${baseUrl(services, requestUrl)}/files/firmware/${image.id}`;
  const location = `${url}?token=${createFileToken(services.secretKey, 'firmware', image.id, now + services.config.stationFiles.urlLifetimeMs)}`;
  const job = await services.db.stationFiles.createJob({
    chargePointId,
    kind: input.signed ? 'signedFirmware' : 'firmware',
    firmwareImageId: image.id,
    requestedBy,
    at: new Date(now),
    location: () => url,
  });
  const retrieve = (input.retrieveAt ?? new Date(now)).toISOString();
  const retrying = {
    ...(input.retries === undefined ? {} : { retries: input.retries }),
    ...(input.retryInterval === undefined ? {} : { retryInterval: input.retryInterval }),
  };
  const command: ChargePointCommand = input.signed
    ? {
        type: 'signedUpdateFirmware',
        requestId: job.id,
        location,
        retrieveDateTime: retrieve,
        ...(input.signed.installAt === undefined ? {} : { installDateTime: input.signed.installAt.toISOString() }),
        signingCertificate: input.signed.signingCertificate,
        signature: input.signed.signature,
        ...retrying,
      }
    : { type: 'updateFirmware', location, retrieveDate: retrieve, ...retrying };
  return runJob(services, job, command, requestedBy, (status) => status !== 'Accepted');
}

/**
 * Sends GetDiagnostics or GetLog whose location is this job's upload URL (single use, valid for
 * `STATION_FILE_URL_MINUTES`); the job and its answer are stored before this returns.
 */
export async function startUploadRequest(
  services: Services,
  chargePointId: string,
  input: UploadRequestInput,
  requestedBy: string,
  requestUrl: URL,
): Promise<StartedFileJob> {
  const now = Date.now();
  const base = baseUrl(services, requestUrl);
  const job = await services.db.stationFiles.createJob({
    chargePointId,
    kind: input.kind,
    ...(input.kind === 'log' ? { logType: input.logType } : {}),
    requestedBy,
    at: new Date(now),
    location: (id) => `${base}/files/uploads/${id}`,
  });
  const location = `${job.location}?token=${createFileToken(services.secretKey, 'upload', job.id, now + services.config.stationFiles.urlLifetimeMs)}`;
  const iso = (date: Date | undefined) => date?.toISOString();
  const command: ChargePointCommand =
    input.kind === 'diagnostics'
      ? {
          type: 'getDiagnostics',
          location,
          ...(input.startTime ? { startTime: iso(input.startTime)! } : {}),
          ...(input.stopTime ? { stopTime: iso(input.stopTime)! } : {}),
        }
      : {
          type: 'getLog',
          requestId: job.id,
          logType: input.logType,
          remoteLocation: location,
          ...(input.oldest ? { oldestTimestamp: iso(input.oldest)! } : {}),
          ...(input.latest ? { latestTimestamp: iso(input.latest)! } : {}),
        };
  // GetDiagnostics without a file name: the station has nothing to upload, which ends the job
  return runJob(services, job, command, requestedBy, (status) => status !== 'Accepted');
}
