import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError } from '../errors.ts';
import type { SecretKey } from '../secrets/secret-key.ts';
import { verifyStationPassword } from '../secrets/station-password.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { exportChargePointsCsv, importChargePointsCsv } from './charge-point-csv.ts';
import { exportChargeTagsCsv, importChargeTagsCsv } from './charge-tag-csv.ts';

let db: TestDatabase;
const secretKey: SecretKey = { bytes: randomBytes(32), source: 'env' };
const now = new Date('2026-03-01T10:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

describe('charge point import and export', () => {
  it('registers 10,000 stations from one file', async () => {
    const lines = ['id,name,basicAuthPassword,securityProfile,pricePerMwhMinor'];
    for (let i = 0; i < 10_000; i++) lines.push(`FLEET-${i},Station ${i},${i === 7 ? 'a-password-of-20-chars' : ''},${i === 7 ? 1 : ''},${i * 10}`);
    expect(await importChargePointsCsv(db, lines.join('\n'), { secretKey, mode: 'create', now })).toEqual({ rows: 10_000, created: 10_000, updated: 0 });
    const stations = await db.chargePoints.list();
    expect(stations).toHaveLength(10_000);
    const seven = stations.find((s) => s.id === 'FLEET-7')!;
    expect(seven).toMatchObject({ name: 'Station 7', securityProfile: 1, heartbeatInterval: 300, registrationStatus: 'Accepted', createdAt: now, deletedAt: null });
    expect(seven.pricing).toMatchObject({ currency: 'EUR', pricePerMwhMinor: 70, freeCharging: false });
    expect(verifyStationPassword(secretKey, 'FLEET-7', 'a-password-of-20-chars', seven.basicAuthPasswordHash!)).toBe(true);
    expect(stations.find((s) => s.id === 'FLEET-8')?.basicAuthPasswordHash).toBeNull();
  });

  it('updates only the columns a file has, keeps an empty password, restores a deleted station', async () => {
    await db.chargePoints.remove('FLEET-9');
    const report = await importChargePointsCsv(db, 'id;comment;basicAuthPassword;freeCharging\nFLEET-7;"north; lot";;yes\nFLEET-9;back;;no\nNEW-1;x;;true', {
      secretKey,
      now,
    }).catch((error: unknown) => error);
    // a new station needs a name: the whole file is refused, with the line
    expect(report).toBeInstanceOf(InvalidInputError);
    expect((report as Error).message).toBe('line 4, name: a new charge point needs one');
    expect((await db.chargePoints.get('FLEET-7'))?.comment).toBeNull();

    expect(await importChargePointsCsv(db, 'id;comment;basicAuthPassword;freeCharging\r\nFLEET-7;"north; lot";;yes\r\nFLEET-9;back;;no\r\n', { secretKey, now })).toEqual({
      rows: 2,
      created: 1,
      updated: 1,
    });
    const seven = await db.chargePoints.get('FLEET-7');
    expect(seven).toMatchObject({ name: 'Station 7', comment: 'north; lot', securityProfile: 1 });
    expect(seven?.pricing).toMatchObject({ pricePerMwhMinor: 70, freeCharging: true });
    expect(verifyStationPassword(secretKey, 'FLEET-7', 'a-password-of-20-chars', seven!.basicAuthPasswordHash!)).toBe(true);
    expect(await db.chargePoints.get('FLEET-9')).toMatchObject({ name: 'Station 9', comment: 'back', deletedAt: null });
  });

  it('refuses a whole file for one bad cell, a duplicate, an unknown column or, in create mode, an existing station', async () => {
    const refused = async (csv: string, mode?: 'create') => {
      const error = await importChargePointsCsv(db, csv, { secretKey, ...(mode ? { mode } : {}) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      return (error as Error).message;
    };
    expect(await refused('id,name,securityProfile\nBAD-1,ok,1\nBAD-2,ok,7')).toBe('line 3, securityProfile: a whole number from 0 to 3');
    expect(await refused('id,name\nBAD 3,with space')).toMatch(/^line 2, id: "BAD 3" cannot be a charge point id/);
    expect(await refused('id,name\nBAD-4,a\nBAD-4,b')).toBe('line 3, id: "BAD-4" appears twice (also on line 2)');
    expect(await refused('id,name,colour\nBAD-5,a,red')).toMatch(/^unknown column "colour"/);
    expect(await refused('id,name,basicAuthPassword\nBAD-6,a,short')).toMatch(/^line 2, basicAuthPassword: a station password must have 16 to 40/);
    const conflict = await importChargePointsCsv(db, 'id,name\nBAD-7,a\nFLEET-1,b', { secretKey, mode: 'create' }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as Error).message).toBe('1 charge point(s) exist already: FLEET-1');
    for (const id of ['BAD-1', 'BAD-2', 'BAD-4', 'BAD-5', 'BAD-6', 'BAD-7']) expect(await db.chargePoints.get(id)).toBeNull();
  });

  it('exports what imports back unchanged', async () => {
    const csv = await exportChargePointsCsv(db);
    expect(csv.split('\n')[0]).toBe('id,name,comment,basicAuthPassword,clientCertThumbprint,securityProfile,heartbeatInterval,lenient,registrationStatus,currency,pricePerMwhMinor,maxEnergyWh,sessionFeeMinor,usageFeePerMinuteMinor,freeMinutes,maxBillableMinutes,usageFeeFrom,freeCharging');
    expect(csv).toContain('FLEET-7,Station 7,north; lot,,,1,300,false,Accepted,EUR,70,,0,0,0,,sessionStart,true\n');
    const before = await db.chargePoints.list();
    expect(await importChargePointsCsv(db, csv, { secretKey })).toEqual({ rows: before.length, created: 0, updated: before.length });
    const after = await db.chargePoints.list();
    expect(after.map(({ updatedAt: _u, ...rest }) => rest)).toEqual(before.map(({ updatedAt: _u, ...rest }) => rest));
  });
});

describe('charge tag import and export', () => {
  it('imports tags with groups, expiry and blocking, and exports them back', async () => {
    const csv = '\uFEFFtagId,name,parentTagId,expiresAt,blocked\nCARD-1,Anna,FLEET,2027-12-31,\nCARD-2,Ben,FLEET,2027-06-30T12:00:00+02:00,true\nFLEET,Fleet,,,\n';
    expect(await importChargeTagsCsv(db, csv, { now })).toEqual({ rows: 3, created: 3, updated: 0 });
    expect(await db.chargeTags.get('CARD-2')).toMatchObject({ name: 'Ben', parentTagId: 'FLEET', blocked: true, expiresAt: new Date('2027-06-30T10:00:00Z') });
    expect(await db.chargeTags.authorize('CARD-1', now)).toEqual({ status: 'Accepted', tagId: 'CARD-1', parentTagId: 'FLEET', expiresAt: new Date('2027-12-31T23:59:59.999Z') });
    for (const bad of ['31.12.2027', '2027-02-30']) {
      const error = await importChargeTagsCsv(db, `tagId,expiresAt\nCARD-1,${bad}`).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/^line 2, expiresAt: a date/);
    }
    const exported = await exportChargeTagsCsv(db);
    expect(exported).toBe(
      'tagId,name,parentTagId,expiresAt,blocked,tokenType\nCARD-1,Anna,FLEET,2027-12-31T23:59:59.999Z,false,\nCARD-2,Ben,FLEET,2027-06-30T10:00:00.000Z,true,\nFLEET,Fleet,,,false,\n',
    );
    expect(await importChargeTagsCsv(db, exported)).toEqual({ rows: 3, created: 0, updated: 3 });
  });
});
