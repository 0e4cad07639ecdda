import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

const now = new Date('2026-11-29T12:00:00.000Z');
const later = new Date('2027-06-01T00:00:00.000Z');

describe('local authorization lists', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const id of ['LL-1', 'LL-2', 'LL-3']) await db.chargePoints.create(id, { name: id });
    await db.chargeTags.create('TAG-A', { name: 'A' });
    await db.chargeTags.create('TAG-B', { name: 'B', parentTagId: 'GROUP-1', expiresAt: later });
    await db.chargeTags.create('TAG-C', { name: 'C', blocked: true });
  });
  afterAll(() => db.close());

  it('a station without tags or updates holds version 0 and an empty list', async () => {
    expect(await db.localLists.state('LL-1')).toMatchObject({ heldVersion: 0, heldEntries: [], lastSentVersion: 0, lastStatus: null, reportedVersion: null });
    expect(await db.localLists.plan('LL-1', 'Full', now)).toEqual({ listVersion: 1, updateType: 'Full', entries: [] });
  });

  it('builds a Full update of the assigned tags with their idTagInfo, then only the changes as a Differential', async () => {
    expect(await db.localLists.setTags('LL-1', ['TAG-B', 'TAG-A', 'TAG-A'])).toEqual(['TAG-A', 'TAG-B']);
    const full = await db.localLists.plan('LL-1', 'Full', now);
    expect(full).toEqual({
      listVersion: 1,
      updateType: 'Full',
      entries: [
        { idTag: 'TAG-A', idTagInfo: { status: 'Accepted' } },
        { idTag: 'TAG-B', idTagInfo: { status: 'Accepted', expiryDate: later.toISOString(), parentIdTag: 'GROUP-1' } },
      ],
    });
    const held = await db.localLists.recordAnswer('LL-1', full, 'Accepted', now);
    expect(held).toMatchObject({ heldVersion: 1, lastSentVersion: 1, lastStatus: 'Accepted', lastUpdateType: 'Full' });
    expect(held.heldEntries).toEqual(full.entries);
    expect((await db.localLists.plan('LL-1', 'Differential', now)).entries).toEqual([]);

    // a tag is blocked, one is removed from the list, one is added
    await db.chargeTags.update('TAG-A', { blocked: true });
    await db.localLists.setTags('LL-1', ['TAG-A', 'TAG-C']);
    const diff = await db.localLists.plan('LL-1', 'Differential', now);
    expect(diff).toEqual({
      listVersion: 2,
      updateType: 'Differential',
      entries: [{ idTag: 'TAG-A', idTagInfo: { status: 'Blocked' } }, { idTag: 'TAG-B' }, { idTag: 'TAG-C', idTagInfo: { status: 'Blocked' } }],
    });
    const after = await db.localLists.recordAnswer('LL-1', diff, 'Accepted', now);
    expect(after.heldVersion).toBe(2);
    expect(after.heldEntries).toEqual(await db.localLists.desired('LL-1', now));
  });

  it('keeps what the station holds when it refuses, but never reuses a version', async () => {
    await db.localLists.setTags('LL-2', ['TAG-A']);
    const first = await db.localLists.plan('LL-2', 'Full', now);
    const refused = await db.localLists.recordAnswer('LL-2', first, 'Failed', now);
    expect(refused).toMatchObject({ heldVersion: 0, heldEntries: [], lastSentVersion: 1, lastStatus: 'Failed' });
    expect((await db.localLists.plan('LL-2', 'Full', now)).listVersion).toBe(2);
    // the station says it holds version 7 (another system filled it): the next update goes above it
    expect(await db.localLists.recordReportedVersion('LL-2', 7, now)).toMatchObject({ reportedVersion: 7, reportedAt: now });
    expect((await db.localLists.plan('LL-2', 'Differential', now)).listVersion).toBe(8);
    expect((await db.localLists.recordReportedVersion('LL-2', -1, now)).reportedVersion).toBe(-1);
  });

  it('an expired tag goes on the list as Expired', async () => {
    await db.chargeTags.create('TAG-OLD', { name: 'old', expiresAt: new Date('2026-01-01T00:00:00.000Z') });
    await db.localLists.setTags('LL-3', ['TAG-OLD']);
    expect(await db.localLists.desired('LL-3', now)).toEqual([
      { idTag: 'TAG-OLD', idTagInfo: { status: 'Expired', expiryDate: '2026-01-01T00:00:00.000Z' } },
    ]);
  });

  it('puts a tag on several stations at once, and a deleted tag leaves every list', async () => {
    await db.chargeTags.create('TAG-G', { name: 'group card' });
    await db.localLists.addTagToStations('TAG-G', ['LL-2', 'LL-3', 'LL-3']);
    expect(await db.localLists.tags('LL-2')).toEqual(['TAG-A', 'TAG-G']);
    expect(await db.localLists.tags('LL-3')).toEqual(['TAG-G', 'TAG-OLD']);
    await db.chargeTags.remove('TAG-G');
    expect(await db.localLists.tags('LL-2')).toEqual(['TAG-A']);
    expect(await db.localLists.tags('LL-3')).toEqual(['TAG-OLD']);
  });

  it('refuses unknown stations and tags without changing anything', async () => {
    await expect(db.localLists.setTags('LL-1', ['TAG-A', 'NOPE'])).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.localLists.tags('LL-1')).toEqual(['TAG-A', 'TAG-C']);
    await expect(db.localLists.setTags('NO-SUCH-CP', ['TAG-A'])).rejects.toBeInstanceOf(NotFoundError);
    await expect(db.localLists.addTagToStations('TAG-A', ['LL-1', 'NO-SUCH-CP'])).rejects.toBeInstanceOf(NotFoundError);
    await expect(db.localLists.recordReportedVersion('NO-SUCH-CP', 1, now)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps in sync by itself only online 1.6 stations whose last update was Accepted', async () => {
    // LL-1 accepted its last update, LL-2 failed its own; neither is connected yet
    expect(await db.localLists.syncCandidates()).toEqual([]);
    for (const id of ['LL-1', 'LL-2']) await db.chargePoints.markConnected(id, { nodeId: 'node-1', protocol: 'ocpp1.6', at: now });
    await db.localLists.recordAnswer('LL-2', await db.localLists.plan('LL-2', 'Full', now), 'VersionMismatch', now);
    expect(await db.localLists.syncCandidates()).toEqual(['LL-1']);
    await db.chargePoints.markConnected('LL-1', { nodeId: 'node-1', protocol: 'ocpp2.0.1', at: now });
    expect(await db.localLists.syncCandidates()).toEqual([]);
  });

  it('a purged station takes its list with it', async () => {
    await db.chargePoints.create('LL-GONE', { name: 'gone' });
    await db.localLists.setTags('LL-GONE', ['TAG-A']);
    await db.localLists.recordAnswer('LL-GONE', await db.localLists.plan('LL-GONE', 'Full', now), 'Accepted', now);
    expect((await db.localLists.state('LL-GONE')).heldVersion).toBe(1);
    await db.chargePoints.remove('LL-GONE', { purge: true });
    expect(await db.localLists.tags('LL-GONE')).toEqual([]);
    expect((await db.localLists.state('LL-GONE')).heldVersion).toBe(0);
  });
});
