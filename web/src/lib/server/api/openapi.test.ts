import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.ts';
import { OPERATIONS } from './registry.ts';
import { nonBlankText, timeInput } from './schemas.ts';

type Operation = {
  requestBody?: { required: boolean; content: { 'application/json': { schema: { properties: Record<string, { pattern?: string; maxLength?: number }> } } } };
  responses: Record<string, unknown>;
  parameters: { name: string; schema: { pattern?: string } }[];
};
const doc = buildOpenApiDocument(OPERATIONS, 'test') as { paths: Record<string, Record<string, Operation>> };
const op = (path: string, method: string) => doc.paths[path]![method]!;

// Regressions found by the Schemathesis run (web/src/e2e/api-fuzz.int.test.ts)
describe('the OpenAPI document states what the server does', () => {
  it('marks a request body required when an absent body (read as {}) is refused', () => {
    expect(op('/api/v1/users', 'post').requestBody?.required).toBe(true);
    expect(op('/api/v1/tokens', 'post').requestBody?.required).toBe(true);
    expect(op('/api/v1/charge-points/{id}/connectors/{n}', 'patch').requestBody?.required).toBe(true);
    // every field optional or defaulted: no body is fine
    expect(op('/api/v1/charge-points/{id}', 'patch').requestBody?.required).toBe(false);
    expect(op('/api/v1/charge-points/{id}/reset', 'post').requestBody?.required).toBe(false);
  });

  it('documents 401 for a sign-in with a wrong password', () => {
    expect(Object.keys(op('/api/v1/session', 'post').responses)).toContain('401');
  });

  it('gives time inputs a pattern that holds exactly the values the server accepts', () => {
    const from = op('/api/v1/transactions', 'get').parameters.find((p) => p.name === 'from')!;
    const pattern = new RegExp(from.schema.pattern!);
    const samples = [
      '2026-03-01', '2028-02-29', '2000-02-29', '2026-03-01T10:00Z', '2026-03-01T10:00:00Z', '2026-03-01 10:00:00.123456789+01:00',
      '2026-03-01T23:59:59-0530', '1200-02-29', '9999-12-31T23:59-23:59', '', '2026-02-29', '1900-02-29', '1000-02-29',
      '2026-02-30', '2026-04-31', '2026-13-01', '2026-03-01T24:00Z', '2026-03-01T10:00', '2026-03-01T10Z', '2026-03-01T10:00:60Z',
      '2026-3-1', '0000-01-01', '0999-12-31', '12026-01-01', '２０２６-03-01',
    ];
    for (const sample of samples) {
      expect(timeInput.safeParse(sample).success, sample).toBe(pattern.test(sample));
    }
  });
});

describe('U+0000 in the document', () => {
  it('is refused by every input string of every operation, as the server does', () => {
    const strings: { where: string; schema: Record<string, unknown> }[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((item) => walk(item, where));
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'string' && schema.enum === undefined) strings.push({ where, schema });
      for (const [key, value] of Object.entries(schema)) if (key !== 'allOf') walk(value, `${where}.${key}`);
    };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const p of operation.parameters) walk(p.schema, `${method} ${path} ${p.name}`);
        walk(operation.requestBody, `${method} ${path} body`);
      }
    }
    expect(strings.length).toBeGreaterThan(20);
    for (const { where, schema } of strings) {
      const patterns = [schema.pattern, ...((schema.allOf as { pattern?: string }[] | undefined) ?? []).map((s) => s.pattern)];
      expect(patterns, where).toContain('^[^\\u0000]*$');
    }
  });
});

describe('nonBlankText', () => {
  it('states in the document exactly which names the server takes (a vertical tab alone was "valid" and refused)', () => {
    const name = op('/api/v1/charge-tags', 'post').requestBody!.content['application/json'].schema.properties.name!;
    const documented = (value: string) => new RegExp(name.pattern!).test(value) && [...value].length <= name.maxLength!;
    const samples = ['\u000b', '\ufeff', ' \u3000\u2028 ', '', ' Anna ', 'x'.repeat(100), `${'x'.repeat(100)} `, '\u001c'];
    for (const sample of samples) {
      expect(nonBlankText(100).safeParse(sample).success, JSON.stringify(sample)).toBe(documented(sample));
    }
    expect(nonBlankText(100).parse('  Anna\n')).toBe('Anna');
  });
});

describe('timeInput', () => {
  it('refuses years before 1000, which PostgreSQL cannot store (it has no year 0)', () => {
    expect(timeInput.safeParse('0000-01-01').success).toBe(false);
    expect(timeInput.safeParse('0028-02-29T12:48Z').success).toBe(false);
    expect(timeInput.parse('1000-01-01').toISOString()).toBe('1000-01-01T00:00:00.000Z');
  });

  it('refuses days the calendar does not have instead of rolling them into the next month', () => {
    expect(timeInput.safeParse('2026-02-30').success).toBe(false);
    expect(timeInput.safeParse('2026-02-29').success).toBe(false);
    expect(timeInput.safeParse('2026-04-31').success).toBe(false);
    expect(timeInput.parse('2028-02-29').toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('accepts exactly the days of the Gregorian calendar from 1000 to 9999', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const exists = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
    for (let y = 1000; y <= 9999; y += 1) {
      expect(timeInput.safeParse(`${y}-02-29`).success, `${y}-02-29`).toBe(exists(y, 2, 29));
    }
    for (const y of [1000, 1600, 1900, 2024, 2026]) {
      for (let m = 1; m <= 12; m += 1) {
        for (let d = 1; d <= 32; d += 1) {
          const day = `${y}-${pad(m)}-${pad(d)}`;
          expect(timeInput.safeParse(day).success, day).toBe(d <= 31 && exists(y, m, d));
        }
      }
    }
  });

  it('reads dates as midnight UTC and times with their offset', () => {
    expect(timeInput.parse('2026-03-01').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(timeInput.parse('2026-03-01T10:00+01:00').toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(timeInput.parse('2026-03-01 10:00:00.5Z').toISOString()).toBe('2026-03-01T10:00:00.500Z');
    expect(timeInput.parse('2026-03-01T10:00:00+0130').toISOString()).toBe('2026-03-01T08:30:00.000Z');
    // the space form of a small year, which V8's own fallback parser reads as NaN (a 500 the fuzzer found)
    expect(timeInput.parse('1028-02-29 12:48Z').toISOString()).toBe('1028-02-29T12:48:00.000Z');
  });
});
