import type { ListQuery } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { csvExportResponse } from './csv-export.ts';

interface Row { id: string; note: string }

function exportOf(rows: Row[], locale: 'en' | 'de' = 'en') {
  const asked: ListQuery[] = [];
  const response = csvExportResponse<Row, 'id'>({
    name: 'stations 2026',
    header: ['id', 'note'],
    query: { q: 'x', sort: 'id', dir: 'desc', page: 7, size: 25 },
    fetchPage: (query) => {
      asked.push(query);
      const start = (query.page - 1) * query.size;
      return Promise.resolve({ rows: rows.slice(start, start + query.size), total: rows.length });
    },
    cells: (row) => [row.id, row.note],
    locale,
  });
  return { response, asked };
}

/** The body as sent: `Response.text()` would drop the BOM. */
async function body(response: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
}

describe('csvExportResponse', () => {
  it('guards formula cells and quotes separators, quotes and line breaks', async () => {
    const { response } = exportOf([
      { id: '=HYPERLINK("http://evil")', note: '+1' },
      { id: '-2', note: '@SUM(A1)' },
      { id: 'a,b', note: 'say "hi"\nbye' },
    ]);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="stations_2026.csv"');
    const text = await body(response);
    expect(text).toBe(
      '\uFEFFid,note\r\n"\'=HYPERLINK(""http://evil"")",\'+1\r\n\'-2,\'@SUM(A1)\r\n"a,b","say ""hi""\nbye"\r\n',
    );
  });

  it('reads every page with the list\'s search and sort, one BOM and one header', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ({ id: `CP-${i}`, note: '' }));
    const { response, asked } = exportOf(rows, 'de');
    const text = await body(response);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFid;note');
    expect(lines).toHaveLength(2502); // header, rows, the empty string after the last CRLF
    expect(lines[2500]).toBe('CP-2499;');
    expect(text.split('\uFEFF')).toHaveLength(2);
    expect(asked.map((q) => [q.page, q.size, q.q, q.dir])).toEqual([[1, 1000, 'x', 'desc'], [2, 1000, 'x', 'desc'], [3, 1000, 'x', 'desc']]);
  });

  it('writes the header alone for an empty list', async () => {
    expect(await body(exportOf([]).response)).toBe('\uFEFFid,note\r\n');
  });
});
