import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A tool's official release archives: where they are and the SHA-256 each must have. */
export interface ReleaseSpec {
  /** The folder of the release's assets (no trailing slash). */
  readonly baseUrl: string;
  /** Environment variable that replaces `baseUrl` (a mirror, or a local server in the tests). */
  readonly baseUrlEnv: string;
  /** Archive file name and its SHA-256 (hex) per `<platform>-<arch>` as Node names them (`linux-x64`). */
  readonly assets: Readonly<Record<string, { readonly file: string; readonly sha256: string }>>;
  /** The executable's path inside the archive. */
  readonly member: string;
}

/** Why a release could not be installed; the caller falls back to building the tool. */
export class ReleaseDownloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The archive for this machine, or undefined when the release has none for it. */
export function releaseAsset(release: ReleaseSpec, platform: string = process.platform, arch: string = process.arch) {
  return release.assets[`${platform}-${arch}`];
}

/** A whole download may take this long (the archives are tens of MB). */
const DOWNLOAD_TIMEOUT_MS = 300_000;

function untar(archive: string, into: string, member: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('tar', ['-xzf', archive, '-C', into, member], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', (error) => reject(new ReleaseDownloadError(`tar could not run: ${error.message}`)));
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new ReleaseDownloadError(`tar could not unpack ${member}: ${stderr.trim() || `exit code ${code}`}`)),
    );
  });
}

/**
 * Downloads this machine's release archive, checks its SHA-256 against the pinned one and unpacks the executable to
 * `target` (mode 755). Nothing is unpacked from an archive whose digest differs. Throws {@link ReleaseDownloadError}
 * when there is no archive for this machine, the download fails, or the digest does not match.
 */
export async function installRelease(release: ReleaseSpec, target: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const asset = releaseAsset(release);
  if (!asset) throw new ReleaseDownloadError(`no release archive for ${process.platform}-${process.arch}`);
  const url = `${(env[release.baseUrlEnv] || release.baseUrl).replace(/\/+$/, '')}/${asset.file}`;
  log(`downloading ${url}`);
  let bytes: Buffer;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok) throw new ReleaseDownloadError(`HTTP ${response.status}`);
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    const reason = error instanceof ReleaseDownloadError ? error.message : String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
    throw new ReleaseDownloadError(`downloading ${url} failed: ${reason}`);
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== asset.sha256) {
    throw new ReleaseDownloadError(`${asset.file} has SHA-256 ${digest}, not the pinned ${asset.sha256}: not installed`);
  }
  log(`SHA-256 verified (${digest})`);
  const work = await mkdtemp(`${target}.download-`);
  try {
    const archive = join(work, asset.file);
    await writeFile(archive, bytes);
    await untar(archive, work, release.member);
    await chmod(join(work, release.member), 0o755);
    await rename(join(work, release.member), target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
