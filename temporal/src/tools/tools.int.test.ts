import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/ports.ts';
import { ensureTool, STRIPE_MOCK, TEMPORAL_CLI, ToolInstallError, type ToolSpec } from './install.ts';
import { startStripeMock } from './stripe-mock.ts';

describe('ensureTool', () => {
  let dir: string;
  // no release archive: these cases are about the lookup order and the hint (release-download.int.test.ts has the rest)
  const fake: ToolSpec = { ...TEMPORAL_CLI, name: 'csms-fake-tool', pathEnv: 'CSMS_FAKE_TOOL_PATH', release: undefined };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csms-tools-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prefers the explicit path variable and rejects a path that is not executable', async () => {
    const binary = join(dir, 'explicit');
    await writeFile(binary, '#!/bin/sh\n');
    await expect(ensureTool(fake, { env: { CSMS_FAKE_TOOL_PATH: binary, PATH: '' } })).rejects.toThrow(/not an executable/);
    await chmod(binary, 0o755);
    await expect(ensureTool(fake, { env: { CSMS_FAKE_TOOL_PATH: binary, PATH: '' } })).resolves.toBe(binary);
  });

  it('uses the binary on PATH before building one', async () => {
    const binDir = join(dir, 'bin');
    await rm(binDir, { recursive: true, force: true });
    await mkdir(binDir);
    await writeFile(join(binDir, 'csms-fake-tool'), '#!/bin/sh\n', { mode: 0o755 });
    await expect(ensureTool(fake, { env: { PATH: binDir } })).resolves.toBe(join(binDir, 'csms-fake-tool'));
  });

  it('explains the official download when the tool is missing and Go is not available', async () => {
    const error = await ensureTool(fake, { env: { PATH: '', CSMS_TOOLS_DIR: join(dir, 'empty-tools') } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolInstallError);
    expect((error as Error).message).toContain('https://github.com/temporalio/cli/releases/tag/v1.5.1');
  });
});

describe('stripe-mock', () => {
  it('serves the Stripe API from the pinned build', async () => {
    const mock = await startStripeMock(await ensureTool(STRIPE_MOCK), await freePort());
    try {
      const response = await fetch(`http://${mock.host}:${mock.port}/v1/payment_intents`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_123', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'amount=2000&currency=eur&capture_method=manual',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ object: 'payment_intent' });
    } finally {
      await mock.stop();
    }
  });
});
