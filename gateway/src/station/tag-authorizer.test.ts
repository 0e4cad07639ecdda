import { describe, expect, it } from 'vitest';
import type { ChargeTagRecord } from '@csms/db';
import { TagAuthorizer } from './tag-authorizer.ts';

function tag(tagId: string, fields: Partial<ChargeTagRecord> = {}): ChargeTagRecord {
  const at = new Date('2026-01-01T00:00:00Z');
  return { tagId, name: tagId, parentTagId: null, expiresAt: null, blocked: false, tokenType: null, createdAt: at, updatedAt: at, ...fields };
}

function setup(tags: ChargeTagRecord[], options: { cacheMs?: number; stripSuffix?: boolean; maxEntries?: number } = {}) {
  const table = new Map(tags.map((t) => [t.tagId, t]));
  const reads: string[] = [];
  let clock = 0;
  let fail = false;
  const authorizer = new TagAuthorizer({
    lookup: async (id) => {
      reads.push(id);
      if (fail) throw new Error('db down');
      return table.get(id) ?? null;
    },
    cacheMs: options.cacheMs ?? 10_000,
    stripSuffix: options.stripSuffix ?? false,
    maxEntries: options.maxEntries,
    now: () => clock,
  });
  return { authorizer, reads, table, advance: (ms: number) => (clock += ms), failing: (on: boolean) => (fail = on) };
}

const at = new Date('2026-06-01T00:00:00Z');

describe('TagAuthorizer', () => {
  it('decides unknown → Invalid, blocked → Blocked, expired → Expired, else Accepted with the group', async () => {
    const { authorizer } = setup([
      tag('OK', { parentTagId: 'G' }),
      tag('BLOCKED', { blocked: true, expiresAt: new Date('2020-01-01Z') }),
      tag('OLD', { expiresAt: new Date('2026-05-31T23:59:59Z') }),
    ]);
    expect(await authorizer.authorize('OK', at)).toEqual({ status: 'Accepted', tagId: 'OK', parentTagId: 'G', expiresAt: null });
    expect((await authorizer.authorize('NOPE', at)).status).toBe('Invalid');
    expect((await authorizer.authorize('BLOCKED', at)).status).toBe('Blocked');
    expect((await authorizer.authorize('OLD', at)).status).toBe('Expired');
  });

  it('answers repeated and concurrent lookups of one tag from a single read until the cache time passes', async () => {
    const { authorizer, reads, table, advance } = setup([tag('OK')]);
    await Promise.all([authorizer.authorize('OK', at), authorizer.authorize('OK', at), authorizer.authorize('OK', at)]);
    expect(reads).toEqual(['OK']);
    table.set('OK', tag('OK', { blocked: true }));
    advance(9_999);
    expect((await authorizer.authorize('OK', at)).status).toBe('Accepted');
    advance(1);
    expect((await authorizer.authorize('OK', at)).status).toBe('Blocked');
    expect(reads).toEqual(['OK', 'OK']);
  });

  it('judges expiry at the time of each request, not when the tag was cached', async () => {
    const { authorizer } = setup([tag('T', { expiresAt: new Date('2026-06-01T00:00:05Z') })]);
    expect((await authorizer.authorize('T', at)).status).toBe('Accepted');
    expect((await authorizer.authorize('T', new Date('2026-06-01T00:00:05Z'))).status).toBe('Expired');
  });

  it('does not remember a failed read', async () => {
    const { authorizer, failing } = setup([tag('OK')]);
    failing(true);
    await expect(authorizer.authorize('OK', at)).rejects.toThrow('db down');
    failing(false);
    expect((await authorizer.authorize('OK', at)).status).toBe('Accepted');
  });

  it('reads every time with the cache off', async () => {
    const { authorizer, reads } = setup([tag('OK')], { cacheMs: 0 });
    await authorizer.authorize('OK', at);
    await authorizer.authorize('OK', at);
    expect(reads).toHaveLength(2);
  });

  it('strips a KEBA-style _<serial> suffix only when enabled and only after the exact tag is unknown', async () => {
    const tags = [tag('04A1B2'), tag('HAS_UNDERSCORE'), tag('HAS')];
    const off = setup(tags);
    expect((await off.authorizer.authorize('04A1B2_998877', at)).status).toBe('Invalid');
    const on = setup(tags, { stripSuffix: true });
    expect(await on.authorizer.authorize('04A1B2_998877', at)).toMatchObject({ status: 'Accepted', tagId: '04A1B2' });
    expect(await on.authorizer.authorize('HAS_UNDERSCORE', at)).toMatchObject({ status: 'Accepted', tagId: 'HAS_UNDERSCORE' });
    expect(await on.authorizer.authorize('_LEADING', at)).toMatchObject({ status: 'Invalid', tagId: '_LEADING' });
  });

  it('keeps at most maxEntries tags, evicting the oldest', async () => {
    const { authorizer, reads } = setup([tag('A'), tag('B'), tag('C')], { maxEntries: 2 });
    for (const id of ['A', 'B', 'C', 'C', 'A']) await authorizer.authorize(id, at);
    expect(reads).toEqual(['A', 'B', 'C', 'A']);
  });
});
