import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolInstallError, type EnsureOptions } from './install.ts';
import { toolsBinDir } from './paths.ts';

/** A Python tool the project pins and installs itself, from PyPI into a project-local virtual environment. */
export interface PythonToolSpec {
  /** The console script the package installs into the venv's `bin/`. */
  readonly name: string;
  /** Environment variable that may point at an existing executable. */
  readonly pathEnv: string;
  /** The pinned version of the tool (also pinned in `requirementsFile`). */
  readonly version: string;
  /** pip requirements file pinning the tool and every package it pulls in (`pkg==x.y.z` per line). */
  readonly requirementsFile: string;
  /** Lowest Python the pinned version supports (its `Requires-Python`), as [major, minor]. */
  readonly minPython: readonly [number, number];
}

/** Schemathesis 4.32.5, the property-based fuzzer of the REST API (docs/reliability.md, "Hostile HTTP input"). */
export const SCHEMATHESIS: PythonToolSpec = {
  name: 'schemathesis',
  pathEnv: 'SCHEMATHESIS_PATH',
  version: '4.32.5',
  requirementsFile: fileURLToPath(new URL('./schemathesis.requirements.txt', import.meta.url)),
  minPython: [3, 11],
};

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

function capture(command: string, args: string[], env: NodeJS.ProcessEnv, log?: (line: string) => void): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
      if (log) for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

/** The venv of `spec` in the tools folder (`CSMS_TOOLS_DIR`, default `.tools`), beside the Go-built binaries. */
export function pythonToolDir(spec: PythonToolSpec, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(toolsBinDir(env), '..', 'python', spec.name);
}

async function checkPython(spec: PythonToolSpec, env: NodeJS.ProcessEnv): Promise<string> {
  const hint = `install Python ${spec.minPython.join('.')} or newer with its venv module (Debian: apt-get install python3 python3-venv), or set ${spec.pathEnv} to a ${spec.name} ${spec.version} executable`;
  const python = await findOnPath('python3', env);
  if (!python) throw new ToolInstallError(`${spec.name} ${spec.version} needs python3, which is not on PATH: ${hint}`);
  const probe = await capture(python, ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])'], env);
  if (probe.code !== 0) {
    throw new ToolInstallError(`${spec.name} ${spec.version} needs Python's venv module, and ${python} has none (${lastLine(probe.output)}): ${hint}`);
  }
  const [major = 0, minor = 0] = lastLine(probe.output).split('.').map(Number);
  if (major < spec.minPython[0] || (major === spec.minPython[0] && minor < spec.minPython[1])) {
    throw new ToolInstallError(`${spec.name} ${spec.version} needs Python ${spec.minPython.join('.')} or newer, ${python} is ${major}.${minor}: ${hint}`);
  }
  return python;
}

/**
 * Returns the path of an executable for `spec`, installing it when needed. Order: `$<pathEnv>`, the venv in the tools
 * folder (if its stamp matches the requirements file), else `python3 -m venv` there and `pip install -r` the pinned
 * requirements. A tool found on PATH is not used: its version and dependencies would not be the pinned ones. Without
 * a usable python3 (or its venv module) the error says what to install.
 */
export async function ensurePythonTool(spec: PythonToolSpec, options: EnsureOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`[install ${spec.name}] ${line}\n`));

  const explicit = env[spec.pathEnv];
  if (explicit) {
    if (await isExecutable(explicit)) return explicit;
    throw new ToolInstallError(`${spec.pathEnv}=${explicit} is not an executable file`);
  }

  const requirements = await readFile(spec.requirementsFile, 'utf8');
  if (!requirements.split('\n').some((line) => line.trim() === `${spec.name}==${spec.version}`)) {
    throw new ToolInstallError(`${spec.requirementsFile} does not pin ${spec.name}==${spec.version}`);
  }
  const digest = createHash('sha256').update(requirements).digest('hex');
  const venv = pythonToolDir(spec, env);
  const executable = join(venv, 'bin', spec.name);
  const stamp = join(venv, 'csms-requirements.sha256');
  if ((await readFile(stamp, 'utf8').catch(() => '')).trim() === digest && (await isExecutable(executable))) return executable;

  const python = await checkPython(spec, env);
  log(`installing ${spec.name} ${spec.version} from PyPI into ${venv} (first run only)`);
  await rm(venv, { recursive: true, force: true });
  await mkdir(resolve(venv, '..'), { recursive: true });
  const created = await capture(python, ['-m', 'venv', venv], env, log);
  if (created.code !== 0) {
    throw new ToolInstallError(`${python} -m venv ${venv} exited with ${created.code} (${lastLine(created.output)}); Debian: apt-get install python3-venv`);
  }
  const pipArgs = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q', '-r', spec.requirementsFile];
  const installed = await capture(join(venv, 'bin', 'python'), pipArgs, env, log);
  if (installed.code !== 0) throw new ToolInstallError(`pip install -r ${spec.requirementsFile} exited with ${installed.code}: ${lastLine(installed.output)}`);
  if (!(await isExecutable(executable))) throw new ToolInstallError(`pip finished but ${executable} is missing`);
  await writeFile(stamp, `${digest}\n`);
  log(`installed ${executable}`);
  return executable;
}
