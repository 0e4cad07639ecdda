import { describe, expect, it } from 'vitest';
import { listView, parseListParams } from './list-params.ts';

const spec = { sorts: ['id', 'name'] as const, defaultSort: 'id' as const };
const parse = (search: string) => parseListParams(new URL(`http://app.test/admin/x${search}`), { ...spec, sorts: [...spec.sorts] });

describe('parseListParams', () => {
  it('takes valid parameters', () => {
    expect(parse('?q=%20CP%201%20&sort=name&dir=desc&page=3&size=100')).toEqual({ q: 'CP 1', sort: 'name', dir: 'desc', page: 3, size: 100 });
  });

  it('falls back to the defaults on missing or bad values, one parameter at a time', () => {
    expect(parse('')).toEqual({ q: '', sort: 'id', dir: 'asc', page: 1, size: 50 });
    expect(parse('?sort=password&dir=up&page=x&size=7&q=ok')).toEqual({ q: 'ok', sort: 'id', dir: 'asc', page: 1, size: 50 });
    expect(parse('?page=0&size=1000')).toMatchObject({ page: 1, size: 50 });
    expect(parse('?page=-2')).toMatchObject({ page: 1 });
    expect(parse('?page=1.5')).toMatchObject({ page: 1 });
    expect(parse('?page=99999999999')).toMatchObject({ page: 1 });
    expect(parse(`?q=${'x'.repeat(101)}`)).toMatchObject({ q: '' });
    expect(parse('?sort=__proto__&sort=name')).toMatchObject({ sort: 'id' }); // the first value counts
  });

  it('counts the pages, at least one', () => {
    expect(listView(parse('?size=25'), 0).pages).toBe(1);
    expect(listView(parse('?size=25'), 26).pages).toBe(2);
    expect(listView(parse('?size=25'), 50)).toMatchObject({ pages: 2, total: 50 });
  });
});
