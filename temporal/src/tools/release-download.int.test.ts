import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTool, TEMPORAL_CLI, ToolInstallError, type ToolSpec } from './install.ts';

/*
 * The Temporal CLI from its release archive, against a local HTTP server standing in for the release site: an archive
 * whose SHA-256 matches the pin is installed and not fetched again; one that differs is not installed; a missing one
 * falls back to `go install` (a stand-in `go` on PATH that "builds" a script, so no real build runs here).
 */
let dir: string;
let server: Server;
let baseUrl: string;
const served = new Map<string, Buffer>();
const requests: string[] = [];
let archive: Buffer;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** TEMPORAL_CLI with this machine's archive named `file` and pinned to `digest`. */
function spec(file: string, digest: string): ToolSpec {
  return {
    ...TEMPORAL_CLI,
    pathEnv: 'CSMS_TEST_TEMPORAL_PATH',
    release: { ...TEMPORAL_CLI.release!, assets: { [`${process.platform}-${process.arch}`]: { file, sha256: digest } } },
  };
}

/** No `temporal` and no `go` on PATH unless `bin` is given; tools go to a folder of the case's own. */
function env(toolsDir: string, bin?: string): NodeJS.ProcessEnv {
  return { PATH: bin ?? '', CSMS_TOOLS_DIR: join(dir, toolsDir), TEMPORAL_CLI_RELEASE_URL: baseUrl };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csms-release-'));
  const content = join(dir, 'content');
  await mkdir(content);
  await writeFile(join(content, 'temporal'), '#!/bin/sh\necho "temporal from the release archive"\n', { mode: 0o755 });
  await writeFile(join(content, 'LICENSE'), 'MIT\n');
  execFileSync('tar', ['-czf', join(dir, 'release.tar.gz'), '-C', content, 'temporal', 'LICENSE']);
  archive = await readFile(join(dir, 'release.tar.gz'));
  served.set('/temporal_cli_good.tar.gz', archive);
  served.set('/temporal_cli_tampered.tar.gz', Buffer.concat([archive, Buffer.from('tampered')]));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = served.get(req.url ?? '');
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/gzip' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('the Temporal CLI from its release archive', () => {
  it('names the official v1.5.1 assets, each with a pinned SHA-256', () => {
    const release = TEMPORAL_CLI.release!;
    expect(release.baseUrl).toBe('https://github.com/temporalio/cli/releases/download/v1.5.1');
    expect(release.assets['linux-x64']?.file).toBe('temporal_cli_1.5.1_linux_amd64.tar.gz');
    for (const asset of Object.values(release.assets)) expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('installs an archive whose SHA-256 matches the pin, and does not fetch it again', async () => {
    const lines: string[] = [];
    const path = await ensureTool(spec('temporal_cli_good.tar.gz', sha256(archive)), { env: env('good'), log: (line) => lines.push(line) });
    expect(path).toBe(join(dir, 'good', 'bin', 'temporal'));
    expect(execFileSync(path).toString()).toBe('temporal from the release archive\n');
    expect(await readFile(`${path}.version`, 'utf8')).toBe('v1.5.1\n');
    expect(lines.join('\n')).toContain(`SHA-256 verified (${sha256(archive)})`);

    const fetched = requests.length;
    await expect(ensureTool(spec('temporal_cli_good.tar.gz', sha256(archive)), { env: env('good') })).resolves.toBe(path);
    expect(requests).toHaveLength(fetched);
  });

  it('installs nothing from an archive whose SHA-256 differs, and says so', async () => {
    const error = await ensureTool(spec('temporal_cli_tampered.tar.gz', sha256(archive)), { env: env('tampered'), log: () => undefined }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolInstallError);
    expect((error as Error).message).toMatch(/has SHA-256 [0-9a-f]{64}, not the pinned [0-9a-f]{64}: not installed/);
    expect((error as Error).message).toContain('https://github.com/temporalio/cli/releases/tag/v1.5.1');
    expect(existsSync(join(dir, 'tampered', 'bin', 'temporal'))).toBe(false);
  });

  it('builds it with Go when the release site has no archive', async () => {
    const goBin = join(dir, 'go-bin');
    await mkdir(goBin, { recursive: true });
    // a stand-in for `go install`: writes the tool into GOBIN as the real one would (PATH holds only this folder)
    await writeFile(join(goBin, 'go'), '#!/bin/sh\nprintf \'#!/bin/sh\\necho "temporal built with go"\\n\' > "$GOBIN/temporal"\n/bin/chmod 755 "$GOBIN/temporal"\n', {
      mode: 0o755,
    });
    const lines: string[] = [];
    const path = await ensureTool(spec('temporal_cli_missing.tar.gz', sha256(archive)), { env: env('fallback', goBin), log: (line) => lines.push(line) });
    expect(execFileSync(path).toString()).toBe('temporal built with go\n');
    expect(lines.join('\n')).toMatch(/temporal_cli_missing\.tar\.gz failed: HTTP 404; building it with Go instead/);
  });
});
