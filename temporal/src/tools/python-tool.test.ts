import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolInstallError } from './install.ts';
import { ensurePythonTool, pythonToolDir, SCHEMATHESIS, type PythonToolSpec } from './python-tool.ts';

describe('ensurePythonTool', () => {
  let dir: string;
  const fake: PythonToolSpec = { ...SCHEMATHESIS, name: 'csms-fake-py-tool', pathEnv: 'CSMS_FAKE_PY_TOOL_PATH' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csms-py-tools-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('pins Schemathesis itself in its requirements file', async () => {
    const lines = (await readFile(SCHEMATHESIS.requirementsFile, 'utf8')).split('\n');
    expect(lines).toContain(`schemathesis==${SCHEMATHESIS.version}`);
    // every requirement is an exact pin, so two installs resolve the same packages
    expect(lines.filter((line) => line.trim() && !line.startsWith('#')).every((line) => /^[\w.-]+==[\w.]+$/.test(line))).toBe(true);
  });

  it('prefers the explicit path variable and rejects a path that is not executable', async () => {
    const binary = join(dir, 'explicit');
    await writeFile(binary, '#!/bin/sh\n');
    await expect(ensurePythonTool(fake, { env: { CSMS_FAKE_PY_TOOL_PATH: binary, PATH: '' } })).rejects.toThrow(/not an executable/);
    await chmod(binary, 0o755);
    await expect(ensurePythonTool(fake, { env: { CSMS_FAKE_PY_TOOL_PATH: binary, PATH: '' } })).resolves.toBe(binary);
  });

  it('says what to install when python3 is missing', async () => {
    const error = await ensurePythonTool(SCHEMATHESIS, { env: { PATH: '', CSMS_TOOLS_DIR: join(dir, 'empty') } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolInstallError);
    expect((error as Error).message).toBe(
      'schemathesis 4.32.5 needs python3, which is not on PATH: install Python 3.11 or newer with its venv module ' +
        '(Debian: apt-get install python3 python3-venv), or set SCHEMATHESIS_PATH to a schemathesis 4.32.5 executable',
    );
  });

  it('says what to install when python3 has no venv module (Debian without python3-venv)', async () => {
    const bin = join(dir, 'no-venv-bin');
    await mkdir(bin, { recursive: true });
    // a python3 whose `import venv, ensurepip` fails the way Debian's does without python3-venv
    await writeFile(join(bin, 'python3'), '#!/bin/sh\necho "ModuleNotFoundError: No module named \'ensurepip\'" >&2\nexit 1\n', { mode: 0o755 });
    const error = await ensurePythonTool(SCHEMATHESIS, { env: { PATH: bin, CSMS_TOOLS_DIR: join(dir, 'empty') } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolInstallError);
    expect((error as Error).message).toMatch(/needs Python's venv module.*No module named 'ensurepip'.*apt-get install python3 python3-venv/);
  });

  it('refuses a Python older than the pinned version supports', async () => {
    const bin = join(dir, 'old-bin');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'python3'), '#!/bin/sh\necho 3.9\n', { mode: 0o755 });
    const error = await ensurePythonTool(SCHEMATHESIS, { env: { PATH: bin, CSMS_TOOLS_DIR: join(dir, 'empty') } }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/needs Python 3\.11 or newer, .* is 3\.9/);
  });

  it('keeps the venv in the tools folder, beside the Go-built binaries', () => {
    expect(pythonToolDir(SCHEMATHESIS, { CSMS_TOOLS_DIR: '/x/tools' })).toBe('/x/tools/python/schemathesis');
  });
});
