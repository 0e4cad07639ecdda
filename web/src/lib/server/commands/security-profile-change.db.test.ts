import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import type { ChargePointCommandResult } from '@csms/temporal';
import type { ApiError } from '../errors.ts';
import { prepareProfileChange } from './security-profile-change.ts';

const HASH = `hmac-sha256:${'ab'.repeat(32)}`;
const answered = (status: string) => ({ status }) as ChargePointCommandResult;
const change = (key: string, value: string) => ({ type: 'changeConfiguration' as const, key, value });

describe('a security-profile change through ChangeConfiguration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create('P1', { name: 'P1', securityProfile: 1, basicAuthPasswordHash: HASH });
    await db.chargePoints.create('P0', { name: 'P0', securityProfile: 0 });
  });
  afterAll(() => db?.close());

  it('is taken over once the station accepts it, in either version spelling', async () => {
    const prepared = await prepareProfileChange(db, 'P1', change('SecurityProfile', '2'));
    expect(await prepared.afterResult(answered('Rejected'))).toBeUndefined();
    expect((await db.chargePoints.get('P1'))?.securityProfile).toBe(1);
    expect(await prepared.afterResult(answered('Accepted'))).toBe(2);
    expect((await db.chargePoints.get('P1'))?.securityProfile).toBe(2);
    const v2 = await prepareProfileChange(db, 'P1', change('SecurityCtrlr.SecurityProfile', '3'));
    expect(await v2.afterResult(answered('RebootRequired'))).toBe(3);
    expect((await db.chargePoints.get('P1'))?.securityProfile).toBe(3);
  });

  it('refuses, before anything is sent, a value that is no profile, a lower profile, and profile 1 or 2 without a password', async () => {
    const refusal = (key: string, value: string, id = 'P1') => prepareProfileChange(db, id, change(key, value)).catch((error: unknown) => error as ApiError);
    for (const value of ['4', 'two', '', '-1']) expect(await refusal('SecurityProfile', value)).toMatchObject({ status: 400, code: 'ValidationFailed' });
    expect(await refusal('SecurityProfile', '1')).toMatchObject({ status: 400, message: expect.stringContaining('cannot be lowered') });
    expect(await refusal('SecurityProfile', '2', 'P0')).toMatchObject({ status: 400, message: expect.stringContaining('needs the station') });
    expect((await db.chargePoints.get('P0'))?.securityProfile).toBe(0);
  });

  it('leaves every other configuration key alone', async () => {
    const other = await prepareProfileChange(db, 'P0', change('HeartbeatInterval', '5'));
    expect(await other.afterResult(answered('Accepted'))).toBeUndefined();
    expect((await db.chargePoints.get('P0'))?.securityProfile).toBe(0);
  });
});
