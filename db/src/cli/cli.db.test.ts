import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormOf } from '../orm/registry.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { runCli } from './run-cli.ts';
import { loadSecretKey } from '../secrets/secret-key.ts';
import { verifyStationPassword } from '../secrets/station-password.ts';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/csms-db.js');
const SECRET = 'Zq8-Garage-Left-7x9!';

/**
 * The files (of `files`) whose bytes contain `text` as UTF-8 or UTF-16. Read in a child process: closing a descriptor
 * of an open SQLite file in this process would drop this process's POSIX locks on it (a documented SQLite hazard).
 */
async function filesContain(files: string[], text: string): Promise<string[]> {
  const script = `const fs = require('node:fs');
    const [text, ...files] = process.argv.slice(1);
    const hits = files.filter((f) => { const b = fs.readFileSync(f); return b.includes(Buffer.from(text)) || b.includes(Buffer.from(text, 'utf16le')); });
    process.stdout.write(JSON.stringify(hits));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, text, ...files]);
  return JSON.parse(stdout) as string[];
}

describe('csms-db CLI', () => {
  let db: TestDatabase;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  /** The real bin in a child process, as `npx csms-db` runs it. */
  const bin = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  /** The same CLI in this process (fast, for the many error cases). */
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { env, cwd: dataDir, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'csms-cli-'));
    env = { ...process.env, DATABASE_URL: db.url, CSMS_DATA_DIR: dataDir };
    delete env.CSMS_SECRET_KEY;
  });
  afterAll(async () => {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('adds a station with Basic auth, lists it, and stores no trace of the secret', async () => {
    const added = await bin('charge-point', 'add', 'station42', '--name', 'Garage left', '--basic-auth', `station42:${SECRET}`);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const listed = await bin('charge-point', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/station42\s+Garage left\s+offline\s+basic/);

    const row = await ormOf(db).em.fork().getConnection().execute('select * from charge_point');
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(JSON.stringify(row)).toContain('hmac-sha256:');
    if (db.file) {
      const files = [db.file, `${db.file}-wal`, `${db.file}-shm`].filter((f) => existsSync(f));
      expect(files).toContain(`${db.file}-wal`);
      expect(await filesContain(files, SECRET)).toEqual([]);
      // the scan itself works: the stored hash is found
      expect(await filesContain(files, 'hmac-sha256:')).not.toEqual([]);
    }
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(true);
  });

  it('gives a station added without --basic-auth profile 1 and a generated password it prints once; --no-auth gives profile 0', async () => {
    const added = await cli('charge-point', 'add', 'cp-gen', '--name', 'Generated');
    expect(added.code).toBe(0);
    const password = /password \(shown once; configure it in the station\): (\S+)$/.exec(added.out.at(-1) ?? '')?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{16,40}$/);
    const stored = await db.chargePoints.get('cp-gen');
    expect(stored?.securityProfile).toBe(1);
    expect(verifyStationPassword(await loadSecretKey({ env, dataDir }), 'cp-gen', password!, stored!.basicAuthPasswordHash!)).toBe(true);

    expect((await cli('charge-point', 'add', 'cp-open', '--name', 'Open', '--no-auth')).out).toEqual(['Added charge point cp-open (Open) without authentication (security profile 0).']);
    expect(await db.chargePoints.get('cp-open')).toMatchObject({ securityProfile: 0, basicAuthPasswordHash: null });
  });

  it('migrates idempotently through the bin', async () => {
    expect(await bin('migrate')).toMatchObject({ code: 0, stdout: 'Database schema is up to date.\n' });
  });

  it.each([
    [['charge-point', 'add', 'a/b', '--name', 'x'], /cannot be a charge point id/],
    [['charge-point', 'add', 'cp9', '--name', 'x', '--basic-auth', 'cp9:tooshort'], /16 to 40 characters/],
    [['charge-point', 'add', 'cp9', '--name', 'x', '--basic-auth', 'other:0123456789abcdefgh'], /user name is the station id/],
    [['charge-point', 'add', 'cp9'], /needs --name/],
    [['charge-point', 'add', 'cp9', '--name', 'x', '--no-auth', '--basic-auth', 'cp9:0123456789abcdefgh'], /exclude each other/],
    [['charge-point', 'add', 'cp9', '--name', 'x', '--price-per-kwh', 'abc'], /--price-per-kwh must be a number/],
    [['charge-point', 'add', 'station42', '--name', 'x'], /exists already/],
    [['charge-point', 'remove', 'nope'], /does not exist/],
    [['tag', 'add', 'T1', '--name', 'x', '--expires', '2026-13-01'], /YYYY-MM-DD/],
    [['user', 'add', 'bob', '--role', 'root'], /unknown role "root"/],
    [['token', 'create', '--user', 'ghost', '--name', 'ci'], /user "ghost" does not exist/],
    [['token', 'create', '--user', 'admin', '--name', 'ci', '--expires', 'tomorrow'], /--expires: "tomorrow" is not a date/],
    [['token', 'create', '--user', 'admin', '--name', 'ci', '--expires', '2027-02-30'], /--expires: "2027-02-30" is not a date/],
    [['token', 'create', '--user', 'admin', '--name', 'ci', '--expires', '2020-01-01'], /must expire in the future/],
    [['frobnicate'], /unknown command/],
    [['tag', 'add', 'T1', '--colour', 'red'], /Unknown option '--colour'/],
  ])('refuses %j with one line on stderr and exit code 1', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(message);
    expect(result.err[0]).not.toMatch(/\n|\s{4}at /);
  });

  it('prices stations in integers and keeps history on remove', async () => {
    expect((await cli('charge-point', 'add', 'cp-price', '--name', 'P', '--price-per-kwh', '0.359', '--max-kwh', '22.5', '--session-fee', '1.50')).code).toBe(0);
    expect((await db.chargePoints.get('cp-price'))?.pricing).toMatchObject({
      currency: 'EUR',
      pricePerMwhMinor: 35_900,
      maxEnergyWh: 22_500,
      sessionFeeMinor: 150,
    });
    expect((await cli('charge-point', 'remove', 'cp-price')).out).toEqual(['Removed charge point cp-price (history kept).']);
    expect((await db.chargePoints.list({ includeDeleted: true })).some((cp) => cp.id === 'cp-price')).toBe(true);
  });

  it('manages tags and users, prints a generated password and a token alone on the last line', async () => {
    expect((await cli('tag', 'add', 'CARD1', '--name', 'Anna', '--group', 'FLEET', '--expires', '2027-01-31', '--blocked')).code).toBe(0);
    expect((await db.chargeTags.get('CARD1'))?.expiresAt?.toISOString()).toBe('2027-01-31T23:59:59.999Z');
    expect((await cli('tag', 'list')).out.join('\n')).toMatch(/CARD1\s+Anna\s+FLEET\s+2027-01-31\s+yes/);
    expect((await cli('tag', 'remove', 'CARD1')).code).toBe(0);

    const added = await cli('user', 'add', 'ops', '--role', 'user');
    const password = added.out.at(-1)!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await db.users.verifyLogin('ops', password, new Date())).not.toBeNull();
    const token = (await cli('token', 'create', '--user', 'ops', '--name', 'ci')).out.at(-1)!;
    expect((await db.apiTokens.authenticate(token, new Date()))?.username).toBe('ops');
    const expiring = await cli('token', 'create', '--user', 'ops', '--name', 'temp', '--expires', '2099-06-30T12:00:00+02:00');
    expect(expiring.out[0]).toBe('Created API token "temp" for ops, valid until 2099-06-30T10:00:00.000Z. It is shown only now; store it safely:');
    expect((await db.apiTokens.list('ops')).find((t) => t.name === 'temp')?.expiresAt?.toISOString()).toBe('2099-06-30T10:00:00.000Z');
    expect(await db.apiTokens.authenticate(expiring.out.at(-1)!, new Date('2099-06-30T10:00:00.000Z'))).toBeNull();
    expect((await cli('user', 'list')).out.join('\n')).toMatch(/ops\s+user/);
    expect((await cli('user', 'remove', 'ops')).code).toBe(0);
  });

  it('bootstraps one admin: generated password once, then nothing', async () => {
    const first = await cli('bootstrap-admin');
    expect(first.code).toBe(0);
    const password = first.out.find((line) => /^ {4}\S+$/.test(line))?.trim();
    expect(await db.users.verifyLogin('admin', password!, new Date())).not.toBeNull();
    expect(await cli('bootstrap-admin')).toEqual({ code: 0, out: [], err: [] });
    expect(await db.users.countAdmins()).toBe(1);
  });
});
