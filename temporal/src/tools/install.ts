import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { withBuildLock } from './build-lock.ts';
import { toolsBinDir } from './paths.ts';
import { installRelease, ReleaseDownloadError, type ReleaseSpec } from './release-download.ts';

/** A Go-built tool the project pins and installs itself (DESIGN.md §5). */
export interface ToolSpec {
  /** Binary name, looked up on PATH and in the tools folder. */
  readonly name: string;
  /** Environment variable that may point at an existing binary. */
  readonly pathEnv: string;
  /** Go package path passed to `go install`. */
  readonly goPackage: string;
  /** The pinned version tag. */
  readonly version: string;
  /** Where a user without Go gets the binary. */
  readonly downloadHint: string;
  /** The official release archives, tried before building with Go. */
  readonly release?: ReleaseSpec;
}

/**
 * Temporal CLI v1.5.1: later tags carry `replace` directives that break `go install`. Its release archives are fetched
 * first where the internet is reachable; the digests are those of the v1.5.1 assets as published (the same values are
 * pinned by public Bazel rule sets that download them).
 */
export const TEMPORAL_CLI: ToolSpec = {
  name: 'temporal',
  pathEnv: 'TEMPORAL_CLI_PATH',
  goPackage: 'github.com/temporalio/cli/cmd/temporal',
  version: 'v1.5.1',
  downloadHint:
    'download the Temporal CLI v1.5.1 archive for your platform from https://github.com/temporalio/cli/releases/tag/v1.5.1 ' +
    '(or see https://docs.temporal.io/cli#install), put `temporal` on PATH or set TEMPORAL_CLI_PATH to it',
  release: {
    baseUrl: 'https://github.com/temporalio/cli/releases/download/v1.5.1',
    baseUrlEnv: 'TEMPORAL_CLI_RELEASE_URL',
    member: 'temporal',
    assets: {
      'linux-x64': { file: 'temporal_cli_1.5.1_linux_amd64.tar.gz', sha256: 'ddc95e08b0b076efd4ea9733a3f488eb7d2be875f8834e616cd2a37358b4852d' },
      'linux-arm64': { file: 'temporal_cli_1.5.1_linux_arm64.tar.gz', sha256: 'bd1b0db9f18b051026de8bf6cc1505f2510f14bbb7a8b9a4a91fff46c77454f5' },
      'darwin-x64': { file: 'temporal_cli_1.5.1_darwin_amd64.tar.gz', sha256: 'bbb73e2a31135abe50a1f1cdb35030c42961df618e8ce9c60ae89f201540c5d9' },
      'darwin-arm64': { file: 'temporal_cli_1.5.1_darwin_arm64.tar.gz', sha256: 'cca01b7ea35ad56e2a328d9ae596bf716bd22313ef63c7a761c88354457c2415' },
    },
  },
};

/** stripe-mock v0.197.0, Stripe's own API mock, for the payment tests. */
export const STRIPE_MOCK: ToolSpec = {
  name: 'stripe-mock',
  pathEnv: 'STRIPE_MOCK_PATH',
  goPackage: 'github.com/stripe/stripe-mock',
  version: 'v0.197.0',
  downloadHint:
    'download stripe-mock v0.197.0 from https://github.com/stripe/stripe-mock/releases/tag/v0.197.0, ' +
    'put `stripe-mock` on PATH or set STRIPE_MOCK_PATH to it',
};

export const TOOLS = { temporal: TEMPORAL_CLI, 'stripe-mock': STRIPE_MOCK } as const;

/** Raised when a tool can be neither found nor built; the message says what to do. */
export class ToolInstallError extends Error {
  readonly code = 'TOOL_INSTALL_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new ToolInstallError(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

export interface EnsureOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/**
 * Returns the path of an executable for `spec`, installing it when needed. Order: `$<pathEnv>`, the binary on PATH,
 * the project-local tools folder (if its version stamp matches the pin), the official release archive for this
 * machine (when the spec names one and its SHA-256 matches the pinned digest), else `go install <pkg>@<version>`
 * into the tools folder. Without Go the error explains the official download.
 */
export async function ensureTool(spec: ToolSpec, options: EnsureOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`[install ${spec.name}] ${line}\n`));

  const explicit = env[spec.pathEnv];
  if (explicit) {
    if (await isExecutable(explicit)) return explicit;
    throw new ToolInstallError(`${spec.pathEnv}=${explicit} is not an executable file`);
  }
  const onPath = await findOnPath(spec.name, env);
  if (onPath) return onPath;

  const binDir = toolsBinDir(env);
  const local = join(binDir, spec.name);
  const stamp = `${local}.version`;
  const installed = async () =>
    (await readFile(stamp, 'utf8').catch(() => '')).trim() === spec.version && (await isExecutable(local));
  if (await installed()) return local;

  await mkdir(binDir, { recursive: true });
  return withBuildLock(
    `${local}.lock`,
    async () => {
      // another process may have installed it while this one waited for the lock
      if (await installed()) return local;
      let downloadFailure = '';
      if (spec.release) {
        try {
          await installRelease(spec.release, local, env, log);
          await writeFile(stamp, `${spec.version}\n`);
          log(`installed ${local}`);
          return local;
        } catch (error) {
          if (!(error instanceof ReleaseDownloadError)) throw error;
          downloadFailure = ` (the release download failed: ${error.message})`;
          log(`${error.message}; building it with Go instead`);
        }
      }
      const go = await findOnPath('go', env);
      if (!go) {
        throw new ToolInstallError(`${spec.name} ${spec.version} is not installed and Go is not available${downloadFailure}: ${spec.downloadHint}`);
      }
      log(`building ${spec.goPackage}@${spec.version} with go install (first run only, may take a few minutes)`);
      await run(go, ['install', `${spec.goPackage}@${spec.version}`], { ...env, GOBIN: binDir, GOFLAGS: '-mod=mod' }, log);
      if (!(await isExecutable(local))) throw new ToolInstallError(`go install finished but ${local} is missing`);
      await writeFile(stamp, `${spec.version}\n`);
      log(`installed ${local}`);
      return local;
    },
    () => log(`waiting for another process that is building ${spec.name} ${spec.version}`),
  );
}
