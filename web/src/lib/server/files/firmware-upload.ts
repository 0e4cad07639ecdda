import type { FirmwareImageRecord } from '@csms/db';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { discardFile, firmwarePath, placeFile, receiveFile, safeFileName } from './file-store.ts';

/** Room for the form's other fields and boundaries beside the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Stores a firmware image from a `multipart/form-data` request (`file`, `version`, optional `name`): the file goes to
 * the data folder, its size and SHA-256 to the database. 413 beyond `FIRMWARE_MAX_BYTES`, 415 for another body type,
 * 400 naming a missing field; nothing is kept from a refused upload.
 */
export async function storeFirmwareImage(services: Services, request: Request, uploadedBy: string): Promise<FirmwareImageRecord> {
  const maxBytes = services.config.stationFiles.firmwareMaxBytes;
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    throw new ApiError(415, 'UnsupportedMediaType', 'send the image as multipart/form-data (file, version, name)');
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes + FORM_OVERHEAD_BYTES) throw new ApiError(413, 'PayloadTooLarge', `the image exceeds ${maxBytes} bytes`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    throw new ApiError(400, 'ValidationFailed', 'the form cannot be read (a body larger than BODY_SIZE_LIMIT, or not multipart)', { field: 'file' }, { cause: error });
  }
  return storeFirmwareForm(services, form, uploadedBy);
}

/** {@link storeFirmwareImage} for a form already read (the management page's action). */
export async function storeFirmwareForm(services: Services, form: FormData, uploadedBy: string): Promise<FirmwareImageRecord> {
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) throw new ApiError(400, 'ValidationFailed', 'choose a firmware file', { field: 'file' });
  const version = String(form.get('version') ?? '').trim();
  if (version.length < 1 || version.length > 100) throw new ApiError(400, 'ValidationFailed', 'version: 1 to 100 characters', { field: 'version' });
  const givenName = String(form.get('name') ?? '').trim();
  if ([...givenName].length > 200) throw new ApiError(400, 'ValidationFailed', 'name: at most 200 characters', { field: 'name' });
  for (const [field, value] of [['version', version], ['name', givenName]] as const) {
    if (value.includes('\u0000')) throw new ApiError(400, 'ValidationFailed', `${field}: U+0000 is not allowed`, { field });
  }
  const name = givenName === '' ? safeFileName(file.name, 'firmware.bin') : givenName;
  const dataDir = services.config.dataDir;
  // received beside the final place under a temporary name; the id, and so the final name, comes from the row
  const received = await receiveFile(file.stream(), firmwarePath(dataDir, 0), services.config.stationFiles.firmwareMaxBytes);
  try {
    const image = await services.db.stationFiles.addFirmwareImage({
      name,
      version,
      size: received.size,
      sha256: received.sha256,
      uploadedBy,
      uploadedAt: new Date(),
    });
    try {
      await placeFile(received, firmwarePath(dataDir, image.id));
    } catch (error) {
      await services.db.stationFiles.removeFirmwareImage(image.id);
      throw error;
    }
    services.log.info({ firmwareId: image.id, size: image.size, version, uploadedBy }, 'firmware image stored');
    return image;
  } catch (error) {
    await discardFile(received);
    throw error;
  }
}
