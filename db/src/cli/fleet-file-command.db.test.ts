import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { runCli } from './run-cli.ts';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/csms-db.js');

describe('csms-db charge-point and tag import/export', () => {
  let db: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { env, cwd: dir, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'csms-fleet-'));
    env = { ...process.env, DATABASE_URL: db.url, CSMS_DATA_DIR: dir };
    delete env.CSMS_SECRET_KEY;
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers 10,000 stations from a CSV file with the real bin, and exports them', async () => {
    const lines = ['id,name,basicAuthPassword'];
    for (let i = 0; i < 10_000; i++) lines.push(`CLI-${i},Station ${i},${i % 1000 === 0 ? 'station-password-0001' : ''}`);
    await writeFile(join(dir, 'fleet.csv'), lines.join('\n'));
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'charge-point', 'import', 'fleet.csv', '--mode', 'create'], { env, cwd: dir });
    expect(stdout).toMatch(/^Imported 10000 row\(s\) from fleet\.csv in [\d.]+ s: 10000 added, 0 updated\.\n$/);
    expect(await db.chargePoints.list()).toHaveLength(10_000);
    expect((await db.chargePoints.get('CLI-1000'))?.basicAuthPasswordHash).toMatch(/^hmac-sha256:/);

    expect(await cli('charge-point', 'export', 'out.csv')).toEqual({ code: 0, out: ['Wrote 10000 charge point(s) to out.csv.'], err: [] });
    const exported = (await readFile(join(dir, 'out.csv'), 'utf8')).trimEnd().split('\n');
    expect(exported).toHaveLength(10_001);
    expect(exported).toContain('CLI-42,Station 42,,,,0,300,false,Accepted,EUR,0,,0,0,0,,sessionStart,false');
  });

  it('imports and exports tags, and refuses a bad file with its line, writing nothing', async () => {
    await writeFile(join(dir, 'tags.csv'), 'tagId;name;parentTagId\nRFID-1;Anna;FLEET\nRFID-2;Ben;FLEET\n');
    expect(await cli('tag', 'import', 'tags.csv')).toEqual({ code: 0, out: [expect.stringMatching(/^Imported 2 row\(s\) from tags\.csv in [\d.]+ s: 2 added, 0 updated\.$/)], err: [] });
    await writeFile(join(dir, 'bad.csv'), 'tagId,name,blocked\nRFID-3,Cleo,no\nRFID-4,Dan,maybe\n');
    expect(await cli('tag', 'import', 'bad.csv')).toEqual({ code: 1, out: [], err: ['error: line 3, blocked: use true or false'] });
    expect(await db.chargeTags.get('RFID-3')).toBeNull();
    expect(await cli('tag', 'import', 'tags.csv', '--mode', 'create')).toEqual({ code: 1, out: [], err: ['error: 2 tag(s) exist already: RFID-1, RFID-2'] });
    expect(await cli('tag', 'import', 'missing.csv')).toEqual({ code: 1, out: [], err: ['error: cannot read missing.csv: ENOENT'] });
    expect((await cli('tag', 'export')).out).toEqual(['tagId,name,parentTagId,expiresAt,blocked,tokenType', 'RFID-1,Anna,FLEET,,false,', 'RFID-2,Ben,FLEET,,false,']);
  });
});
