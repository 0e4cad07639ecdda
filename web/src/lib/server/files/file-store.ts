import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { ApiError } from '../errors.ts';

/** A file written to the data folder under a temporary name, not yet in place. */
export interface ReceivedFile {
  readonly tempPath: string;
  readonly size: number;
  readonly sha256: string;
}

/** Where firmware images lie: `<data>/firmware/<id>.bin`. */
export function firmwarePath(dataDir: string, id: number): string {
  return join(resolve(dataDir), 'firmware', `${id}.bin`);
}

/** Where a job's uploaded diagnostics or log file lies: `<data>/uploads/<jobId>.bin` (its name is in the database). */
export function uploadPath(dataDir: string, jobId: number): string {
  return join(resolve(dataDir), 'uploads', `${jobId}.bin`);
}

/**
 * Streams `body` into a temporary file beside `finalPath`, hashing as it goes: 413 `PayloadTooLarge` (nothing kept)
 * once more than `maxBytes` arrived, 400 for an empty body. {@link placeFile} moves it in place.
 */
export async function receiveFile(body: ReadableStream<Uint8Array> | null, finalPath: string, maxBytes: number): Promise<ReceivedFile> {
  // adapter-node hands no body to a request without Content-Type, so that is the usual cause
  if (!body) throw new ApiError(400, 'ValidationFailed', 'no file arrived: send it as the body with a Content-Type (e.g. application/octet-stream)');
  const dir = resolve(finalPath, '..');
  await mkdir(dir, { recursive: true });
  const tempPath = join(dir, `.${randomUUID()}.part`);
  const out = createWriteStream(tempPath, { mode: 0o600 });
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new ApiError(413, 'PayloadTooLarge', `the file exceeds ${maxBytes} bytes`);
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((done) => out.once('drain', () => done()));
    }
    await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
    if (size === 0) throw new ApiError(400, 'ValidationFailed', 'the file is empty');
    return { tempPath, size, sha256: hash.digest('hex') };
  } catch (error) {
    out.destroy();
    await rm(tempPath, { force: true });
    throw error;
  }
}

/** Moves a received file to its place (replacing what was there). */
export async function placeFile(file: ReceivedFile, finalPath: string): Promise<void> {
  await rename(file.tempPath, finalPath);
}

/** Deletes a received file that will not be kept. */
export async function discardFile(file: ReceivedFile): Promise<void> {
  await rm(file.tempPath, { force: true });
}

/** A file name safe for a Content-Disposition header and a file system: letters, digits, `.`, `_`, `-`. */
export function safeFileName(name: string | null | undefined, fallback: string): string {
  const cleaned = (name ?? '').replace(/^.*[\\/]/, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '').slice(0, 200);
  return cleaned === '' ? fallback : cleaned;
}

/** A stored file as a download (`attachment`, never rendered by the browser). */
export function fileResponse(path: string, name: string, size: number): Response {
  const stream = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(size),
      'content-disposition': `attachment; filename="${safeFileName(name, 'file.bin')}"`,
      'cache-control': 'no-store',
    },
  });
}
