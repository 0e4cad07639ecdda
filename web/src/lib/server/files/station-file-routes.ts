import { ApiError, errorResponse, toApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { fileResponse, firmwarePath, placeFile, receiveFile, safeFileName, uploadPath } from './file-store.ts';
import { verifyFileToken, type FileTokenPurpose } from './file-token.ts';

/** The id in a station file path, or null for anything but 1–9 digits. */
function idOf(param: string): number | null {
  return /^[1-9][0-9]{0,8}$/.test(param) ? Number(param) : null;
}

/** 403 for a forged or expired token, so a station's log says why; nothing else is told. */
function checkToken(services: Services, purpose: FileTokenPurpose, id: number, url: URL): void {
  const verdict = verifyFileToken(services.secretKey, purpose, id, url.searchParams.get('token'), Date.now());
  if (verdict === 'expired') throw new ApiError(403, 'Forbidden', 'the link has expired: ask for the file again');
  if (verdict !== 'valid') throw new ApiError(403, 'Forbidden', 'the link is not valid');
}

/** `GET /files/firmware/<id>?token=…`: a station downloads a firmware image (no session; the token decides). */
export async function serveFirmware(services: Services, idParam: string, url: URL): Promise<Response> {
  try {
    const id = idOf(idParam);
    if (id === null) throw new ApiError(404, 'NotFound', 'no such firmware image');
    checkToken(services, 'firmware', id, url);
    const image = await services.db.stationFiles.firmwareImage(id);
    if (!image) throw new ApiError(404, 'NotFound', 'no such firmware image');
    services.log.info({ firmwareId: id }, 'firmware image downloaded');
    return fileResponse(firmwarePath(services.config.dataDir, id), image.name, image.size);
  } catch (error) {
    return errorResponse(toApiError(error));
  }
}

/**
 * `PUT` or `POST /files/uploads/<jobId>?token=…`: a station uploads the diagnostics or log file a job asked for, as
 * the raw body or as the first file of a `multipart/form-data` body. Once only (409 after a stored upload), at most
 * `STATION_UPLOAD_MAX_BYTES` (413); a failed attempt frees the URL again for the station's retry.
 */
export async function receiveStationUpload(services: Services, idParam: string, request: Request, url: URL): Promise<Response> {
  try {
    const id = idOf(idParam);
    if (id === null) throw new ApiError(404, 'NotFound', 'no such upload');
    checkToken(services, 'upload', id, url);
    const job = await services.db.stationFiles.job(id);
    if (!job || (job.kind !== 'diagnostics' && job.kind !== 'log')) throw new ApiError(404, 'NotFound', 'no such upload');
    const maxBytes = services.config.stationFiles.uploadMaxBytes;
    if (Number(request.headers.get('content-length') ?? NaN) > maxBytes + 64 * 1024) throw new ApiError(413, 'PayloadTooLarge', `the file exceeds ${maxBytes} bytes`);
    if (!(await services.db.stationFiles.claimUpload(id, new Date()))) throw new ApiError(409, 'Conflict', 'this upload link was used already');
    try {
      let body = request.body;
      let sentName: string | null = null;
      if ((request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
        const file = [...(await request.formData()).values()].find((value): value is File => value instanceof File);
        if (!file) throw new ApiError(400, 'ValidationFailed', 'the form holds no file');
        body = file.stream();
        sentName = file.name;
      }
      const received = await receiveFile(body, uploadPath(services.config.dataDir, id), maxBytes);
      await placeFile(received, uploadPath(services.config.dataDir, id));
      const fallback = `${job.chargePointId}-${job.kind}-${job.id}.log`;
      const name = safeFileName(sentName ?? (job.answer?.includes('.') ? job.answer : null), fallback);
      await services.db.stationFiles.recordUpload(id, name, received.size, new Date());
      services.log.info({ jobId: id, chargePointId: job.chargePointId, size: received.size }, 'station upload stored');
      return new Response(null, { status: 201 });
    } catch (error) {
      await services.db.stationFiles.releaseUpload(id);
      throw error;
    }
  } catch (error) {
    return errorResponse(toApiError(error));
  }
}
