import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiToken, hashApiToken } from './api-token.ts';
import { loadSecretKey } from './secret-key.ts';
import { hashStationPassword, verifyStationPassword } from './station-password.ts';
import { hashUserPassword, verifyUserPassword } from './user-password.ts';

describe('secrets', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csms-secret-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('creates the key file once, private, and every process reads the same key', async () => {
    const dataDir = join(await tempDir(), 'data');
    const keys = await Promise.all([1, 2, 3].map(() => loadSecretKey({ env: {}, dataDir })));
    expect(keys[0]!.source).toBe('file');
    expect(keys[0]!.bytes).toHaveLength(32);
    expect(keys[1]!.bytes.equals(keys[0]!.bytes) && keys[2]!.bytes.equals(keys[0]!.bytes)).toBe(true);
    expect((await stat(join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect((await readFile(join(dataDir, 'secret.key'), 'utf8')).trim()).toBe(keys[0]!.bytes.toString('hex'));
  });

  it('prefers CSMS_SECRET_KEY and refuses a short one', async () => {
    const dataDir = await tempDir();
    const key = await loadSecretKey({ env: { CSMS_SECRET_KEY: 'k'.repeat(40) }, dataDir });
    expect(key.source).toBe('env');
    await expect(loadSecretKey({ env: { CSMS_SECRET_KEY: 'short' }, dataDir })).rejects.toThrow(/at least 32/);
  });

  it('verifies station passwords only with the same pepper and station', async () => {
    const key = await loadSecretKey({ env: { CSMS_SECRET_KEY: 'a'.repeat(32) } });
    const other = await loadSecretKey({ env: { CSMS_SECRET_KEY: 'b'.repeat(32) } });
    const hash = hashStationPassword(key, 'station42', 'Secret-Secret-2026!!');
    expect(hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(hash).not.toContain('Secret');
    expect(verifyStationPassword(key, 'station42', 'Secret-Secret-2026!!', hash)).toBe(true);
    expect(verifyStationPassword(key, 'station42', 'Secret-Secret-2026!?', hash)).toBe(false);
    expect(verifyStationPassword(key, 'station43', 'Secret-Secret-2026!!', hash)).toBe(false);
    expect(verifyStationPassword(other, 'station42', 'Secret-Secret-2026!!', hash)).toBe(false);
    expect(verifyStationPassword(key, 'station42', 'Secret-Secret-2026!!', 'garbage')).toBe(false);
    expect(() => hashStationPassword(key, 'station42', 'too-short')).toThrow(/16 to 40/);
  });

  it('salts user passwords and hashes API tokens', async () => {
    const [a, b] = [await hashUserPassword('same password'), await hashUserPassword('same password')];
    expect(a).not.toBe(b);
    expect(await verifyUserPassword('same password', a)).toBe(true);
    expect(await verifyUserPassword('other password', a)).toBe(false);
    const token = generateApiToken();
    expect(hashApiToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiToken()).not.toBe(token);
  });
});
