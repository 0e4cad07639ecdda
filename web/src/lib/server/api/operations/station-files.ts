import { rm } from 'node:fs/promises';
import { z } from 'zod';
import type { FirmwareImageRecord, StationFileJobRecord } from '@csms/db';
import { ApiError } from '../../errors.ts';
import { fileResponse, firmwarePath, uploadPath } from '../../files/file-store.ts';
import { storeFirmwareImage } from '../../files/firmware-upload.ts';
import { startFirmwareUpdate, startUploadRequest } from '../../files/station-file-jobs.ts';
import { defineOperation } from '../operation.ts';
import { chargePointIdParam, COMMAND_ERRORS, iso, isoTime, text, timeInput } from '../schemas.ts';

/** What every documented input string says: no U+0000 (the form handler refuses one too). */
const NO_NUL = '^[^\\u0000]*$';
const station = '/api/v1/charge-points/{id}';

const imageSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.string(),
  size: z.number().int().describe('bytes'),
  sha256: z.string().describe('hex SHA-256 of the file'),
  uploadedBy: z.string().nullable(),
  uploadedAt: isoTime,
});

const jobSchema = z.object({
  id: z.number().int().describe('also the OCPP requestId of SignedUpdateFirmware and GetLog'),
  chargePointId: z.string(),
  kind: z.enum(['firmware', 'signedFirmware', 'diagnostics', 'log']),
  firmwareImageId: z.number().int().nullable(),
  logType: z.string().nullable(),
  location: z.string().describe('the URL sent to the station, without its token'),
  answer: z.string().nullable().describe("the station's answer to the request (status or file name), or the error"),
  status: z.string().describe('the latest status the station reported (Requested until the first)'),
  outcome: z.enum(['Pending', 'Succeeded', 'Failed', 'Rejected']),
  requestedBy: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  upload: z.object({ name: z.string(), size: z.number().int(), at: isoTime }).nullable(),
  events: z.array(z.object({ status: z.string(), at: isoTime })),
});

const startedSchema = z.object({
  jobId: z.number().int(),
  status: z.string().describe("the station's answer: Accepted, or its refusal"),
  fileName: z.string().optional().describe('the file the station said it will upload'),
});

function imageView(image: FirmwareImageRecord): z.input<typeof imageSchema> {
  return { ...image, uploadedAt: iso(image.uploadedAt) };
}

function jobView(job: StationFileJobRecord): z.input<typeof jobSchema> {
  return {
    ...job,
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    upload: job.upload ? { ...job.upload, at: iso(job.upload.at) } : null,
    events: job.events.map((event) => ({ status: event.status, at: iso(event.at) })),
  };
}

/** `GET /api/v1/firmware`. */
export const listFirmwareImages = defineOperation({
  operationId: 'listFirmwareImages',
  method: 'GET',
  path: '/api/v1/firmware',
  tag: 'firmware',
  summary: 'The firmware images stations can be updated to, newest first',
  role: 'admin',
  response: z.object({ items: z.array(imageSchema) }),
  handle: async ({ services }) => ({ items: (await services.db.stationFiles.firmwareImages()).map(imageView) }),
});

/** `POST /api/v1/firmware`: multipart form (`file`, `name`, `version`). */
export const uploadFirmwareImage = defineOperation({
  operationId: 'uploadFirmwareImage',
  method: 'POST',
  path: '/api/v1/firmware',
  tag: 'firmware',
  summary: 'Upload a firmware image (multipart/form-data: file, version, optional name)',
  description:
    'The body is `multipart/form-data` with the image in `file`, its `version` (1–100 characters) and optionally a ' +
    '`name` (default: the file name). At most `FIRMWARE_MAX_BYTES` (413 beyond; adapter-node’s `BODY_SIZE_LIMIT` ' +
    'must allow it too). 201 with the stored image (size and SHA-256).',
  role: 'admin',
  errors: [413, 415],
  rawBody: {
    contentType: 'multipart/form-data',
    schema: {
      type: 'object',
      required: ['file', 'version'],
      properties: {
        // any bytes: a NUL is fine in a file, so no string pattern here
        file: { contentMediaType: 'application/octet-stream', description: 'the image' },
        version: { type: 'string', minLength: 1, maxLength: 100, pattern: NO_NUL },
        name: { type: 'string', maxLength: 200, pattern: NO_NUL },
      },
    },
  },
  status: 201,
  response: imageSchema,
  handle: async ({ event, principal, services }) => imageView(await storeFirmwareImage(services, event.request, principal!.username)),
});

/** `GET /api/v1/firmware/{firmwareId}`: the image file. */
export const downloadFirmwareImage = defineOperation({
  operationId: 'downloadFirmwareImage',
  method: 'GET',
  path: '/api/v1/firmware/{firmwareId}',
  tag: 'firmware',
  summary: 'Download a firmware image (application/octet-stream)',
  role: 'admin',
  fileResponse: 'application/octet-stream',
  errors: [404],
  params: z.object({ firmwareId: z.coerce.number().int().positive() }),
  handle: async ({ params, services }) => {
    const image = await services.db.stationFiles.firmwareImage(params.firmwareId);
    if (!image) throw new ApiError(404, 'NotFound', `firmware image ${params.firmwareId} does not exist`);
    return fileResponse(firmwarePath(services.config.dataDir, image.id), image.name, image.size);
  },
});

/** `DELETE /api/v1/firmware/{firmwareId}`. */
export const deleteFirmwareImage = defineOperation({
  operationId: 'deleteFirmwareImage',
  method: 'DELETE',
  path: '/api/v1/firmware/{firmwareId}',
  tag: 'firmware',
  summary: 'Delete a firmware image (URLs already sent for it then answer 404)',
  role: 'admin',
  errors: [404],
  params: z.object({ firmwareId: z.coerce.number().int().positive() }),
  handle: async ({ params, services }) => {
    if (!(await services.db.stationFiles.removeFirmwareImage(params.firmwareId))) {
      throw new ApiError(404, 'NotFound', `firmware image ${params.firmwareId} does not exist`);
    }
    await rm(firmwarePath(services.config.dataDir, params.firmwareId), { force: true });
  },
});

/** `POST …/firmware`. */
export const updateFirmware = defineOperation({
  operationId: 'updateFirmware',
  method: 'POST',
  path: `${station}/firmware`,
  tag: 'firmware',
  summary: 'Update the station’s firmware to an uploaded image (UpdateFirmware, or SignedUpdateFirmware with signed: true)',
  description:
    'The location sent is the image’s download URL with a token valid for `STATION_FILE_URL_MINUTES`. A signed ' +
    'update needs `signingCertificate` (PEM) and `signature` (base64). 200 `{jobId, status}`; the job’s progress is ' +
    'in `GET …/file-jobs`. Errors as for every command (409 offline, 504 timeout, 502 CALLERROR).',
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: chargePointIdParam,
  body: z
    .object({
      firmwareId: z.number().int().positive(),
      retrieveAt: timeInput.optional().describe('when the station may start downloading (default now)'),
      retries: z.number().int().min(0).max(100).optional(),
      retryInterval: z.number().int().min(0).max(86_400).optional().describe('seconds'),
      signed: z.boolean().default(false),
      signingCertificate: text(1, 5500).optional().describe('PEM certificate that signed the image (signed updates)'),
      signature: text(1, 800).optional().describe('base64 signature of the image (signed updates)'),
      installAt: timeInput.optional().describe('signed updates: when to install'),
    })
    .refine((body) => !body.signed || (body.signingCertificate !== undefined && body.signature !== undefined), {
      message: 'a signed update needs signingCertificate and signature',
      path: ['signingCertificate'],
    }),
  response: startedSchema,
  handle: ({ params, body, principal, services, event }) =>
    startFirmwareUpdate(
      services,
      params.id,
      {
        firmwareId: body.firmwareId,
        ...(body.retrieveAt ? { retrieveAt: body.retrieveAt } : {}),
        ...(body.retries === undefined ? {} : { retries: body.retries }),
        ...(body.retryInterval === undefined ? {} : { retryInterval: body.retryInterval }),
        ...(body.signed ? { signed: { signingCertificate: body.signingCertificate!, signature: body.signature!, ...(body.installAt ? { installAt: body.installAt } : {}) } } : {}),
      },
      principal!.username,
      event.url,
    ),
});

/** `POST …/diagnostics`. */
export const requestDiagnostics = defineOperation({
  operationId: 'requestDiagnostics',
  method: 'POST',
  path: `${station}/diagnostics`,
  tag: 'firmware',
  summary: 'Ask the station to upload its diagnostics (GetDiagnostics) to the system',
  description:
    'The location sent is a single-use upload URL of this system (PUT or POST, valid for `STATION_FILE_URL_MINUTES`). ' +
    '200 `{jobId, status, fileName?}`: `NoDiagnostics` when the station answered without a file name.',
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: chargePointIdParam,
  body: z.object({ startTime: timeInput.optional(), stopTime: timeInput.optional() }),
  response: startedSchema,
  handle: ({ params, body, principal, services, event }) =>
    startUploadRequest(services, params.id, { kind: 'diagnostics', startTime: body.startTime, stopTime: body.stopTime }, principal!.username, event.url),
});

/** `POST …/logs`. */
export const requestLog = defineOperation({
  operationId: 'requestLog',
  method: 'POST',
  path: `${station}/logs`,
  tag: 'firmware',
  summary: 'Ask the station to upload its diagnostics or security log (GetLog) to the system',
  description: 'As `…/diagnostics`, with the security whitepaper’s GetLog; the job id is the requestId.',
  role: 'admin',
  errors: COMMAND_ERRORS,
  params: chargePointIdParam,
  body: z.object({
    logType: z.enum(['DiagnosticsLog', 'SecurityLog']),
    oldestTimestamp: timeInput.optional(),
    latestTimestamp: timeInput.optional(),
  }),
  response: startedSchema,
  handle: ({ params, body, principal, services, event }) =>
    startUploadRequest(
      services,
      params.id,
      { kind: 'log', logType: body.logType, oldest: body.oldestTimestamp, latest: body.latestTimestamp },
      principal!.username,
      event.url,
    ),
});

/** `GET …/file-jobs`. */
export const listStationFileJobs = defineOperation({
  operationId: 'listStationFileJobs',
  method: 'GET',
  path: `${station}/file-jobs`,
  tag: 'firmware',
  summary: 'The station’s firmware, diagnostics and log jobs with every status it reported, newest first',
  role: 'admin',
  errors: [404],
  params: chargePointIdParam,
  query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
  response: z.object({ items: z.array(jobSchema) }),
  handle: async ({ params, query, services }) => {
    if (!(await services.db.chargePoints.get(params.id))) throw new ApiError(404, 'NotFound', `charge point "${params.id}" does not exist`);
    return { items: (await services.db.stationFiles.jobsOfStation(params.id, query.limit)).map(jobView) };
  },
});

/** `GET /api/v1/file-jobs/{jobId}/file`. */
export const downloadStationUpload = defineOperation({
  operationId: 'downloadStationUpload',
  method: 'GET',
  path: '/api/v1/file-jobs/{jobId}/file',
  tag: 'firmware',
  summary: 'Download the diagnostics or log file a station uploaded (application/octet-stream)',
  role: 'admin',
  fileResponse: 'application/octet-stream',
  errors: [404],
  params: z.object({ jobId: z.coerce.number().int().positive() }),
  handle: async ({ params, services }) => {
    const job = await services.db.stationFiles.job(params.jobId);
    if (!job?.upload) throw new ApiError(404, 'NotFound', `job ${params.jobId} has no uploaded file`);
    // the station's own name for it when it said one (its upload may arrive before its answer was stored)
    const name = job.answer?.includes('.') ? job.answer : job.upload.name;
    return fileResponse(uploadPath(services.config.dataDir, job.id), name, job.upload.size);
  },
});
