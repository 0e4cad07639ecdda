import { describe, expect, it } from 'vitest';
import type { ChargeTagRecord } from './charge-tags.ts';
import { judgeTag, type TagDecision } from './tag-decision.ts';

const at = new Date('2026-06-01T00:00:00Z');

function tag(fields: Partial<ChargeTagRecord> = {}): ChargeTagRecord {
  const created = new Date('2026-01-01T00:00:00Z');
  return { tagId: 'T', name: 'T', parentTagId: null, expiresAt: null, blocked: false, tokenType: null, createdAt: created, updatedAt: created, ...fields };
}

describe('judgeTag', () => {
  const cases: [string, ChargeTagRecord | null, Omit<TagDecision, 'tagId'>][] = [
    ['unknown → Invalid, no group or expiry', null, { status: 'Invalid', parentTagId: null, expiresAt: null }],
    ['known, no expiry → Accepted', tag(), { status: 'Accepted', parentTagId: null, expiresAt: null }],
    ['the group comes along', tag({ parentTagId: 'G' }), { status: 'Accepted', parentTagId: 'G', expiresAt: null }],
    [
      'expiry after `at` → Accepted with the expiry',
      tag({ expiresAt: new Date('2026-06-01T00:00:00.001Z') }),
      { status: 'Accepted', parentTagId: null, expiresAt: new Date('2026-06-01T00:00:00.001Z') },
    ],
    ['expiry exactly at `at` → Expired', tag({ expiresAt: at }), { status: 'Expired', parentTagId: null, expiresAt: at }],
    [
      'expiry before `at` → Expired, keeping the group',
      tag({ parentTagId: 'G', expiresAt: new Date('2026-05-31T23:59:59Z') }),
      { status: 'Expired', parentTagId: 'G', expiresAt: new Date('2026-05-31T23:59:59Z') },
    ],
    ['blocked → Blocked', tag({ blocked: true, parentTagId: 'G' }), { status: 'Blocked', parentTagId: 'G', expiresAt: null }],
    [
      'blocked wins over expired',
      tag({ blocked: true, expiresAt: new Date('2020-01-01T00:00:00Z') }),
      { status: 'Blocked', parentTagId: null, expiresAt: new Date('2020-01-01T00:00:00Z') },
    ],
  ];

  it.each(cases)('%s', (_name, record, expected) => {
    expect(judgeTag('T', record, at)).toEqual({ ...expected, tagId: 'T' });
  });

  it('names the tag it was given (the presented id when unknown, the matched one when known)', () => {
    expect(judgeTag('04A1B2_99', null, at).tagId).toBe('04A1B2_99');
    expect(judgeTag('04A1B2', tag({ tagId: '04A1B2' }), at).tagId).toBe('04A1B2');
  });
});
