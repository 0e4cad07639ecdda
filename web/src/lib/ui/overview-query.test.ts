import { describe, expect, it } from 'vitest';
import { overviewSearch, parseOverviewQuery } from './overview-query.ts';

const parse = (text: string) => parseOverviewQuery(new URLSearchParams(text));

describe('the overview query', () => {
  it('reads filters and page from the URL; empty fields of a GET form mean no filter', () => {
    expect(parse('q=+load+1+&state=faulted&conn=offline&protocol=2.0.1&node=gw-a&page=3')).toEqual({
      query: { q: 'load 1', state: 'faulted', conn: 'offline', protocol: '2.0.1', node: 'gw-a', page: 3 },
      ignored: [],
    });
    expect(parse('q=&state=&conn=&protocol=&node=&page=')).toEqual({ query: { page: 1 }, ignored: [] });
  });

  it('leaves out what it cannot use and names it', () => {
    expect(parse('state=purple&conn=maybe&protocol=1.5&page=0')).toEqual({ query: { page: 1 }, ignored: ['page', 'state', 'conn', 'protocol'] });
    expect(parse('page=-2').ignored).toEqual(['page']);
    expect(parse(`q=${'x'.repeat(300)}`).query.q).toHaveLength(100);
  });

  it('writes links that reproduce the view; changing a filter goes back to page 1', () => {
    const query = { q: 'load', state: 'faulted', page: 4 } as const;
    expect(overviewSearch(query, { page: 4 })).toBe('?q=load&state=faulted&page=4');
    expect(overviewSearch(query, { state: undefined })).toBe('?q=load');
    expect(overviewSearch(query, { conn: 'online' })).toBe('?q=load&state=faulted&conn=online');
    expect(overviewSearch({ page: 1 }, { page: 1 })).toBe('');
    expect(parse(overviewSearch({ q: 'a&b=c', node: 'n 1', page: 2 }, { page: 2 }).slice(1)).query).toEqual({ q: 'a&b=c', node: 'n 1', page: 2 });
  });
});
