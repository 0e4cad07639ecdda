import { MAX_PAGE_SIZE, type ListPage, type ListQuery } from '@csms/db';
import { CsvWriter, type CsvCell } from '../csv.ts';

/** One admin list as a CSV download: its columns and how to read its pages. */
export interface CsvExport<T, Sort extends string> {
  /** The file name, without `.csv`. */
  readonly name: string;
  readonly header: readonly string[];
  /** The list's query (search and sort as on the page; `page` and `size` are set here). */
  readonly query: ListQuery<Sort>;
  readonly fetchPage: (query: ListQuery<Sort>) => Promise<ListPage<T>>;
  readonly cells: (row: T) => readonly CsvCell[];
  /** `de`: `;` separated, `,` decimals (Excel in German). */
  readonly locale: 'en' | 'de';
}

/**
 * Streams every row of a list that its search matches, in its sort order, as CSV: pages of {@link MAX_PAGE_SIZE}
 * rows are read one after another while the response is sent, so the file is never built in memory whole. Cells
 * that a spreadsheet would run as a formula get a leading apostrophe ({@link CsvWriter}).
 */
export function csvExportResponse<T, Sort extends string>(spec: CsvExport<T, Sort>): Response {
  async function* pages(): AsyncGenerator<readonly T[]> {
    for (let page = 1; ; page++) {
      const { rows } = await spec.fetchPage({ ...spec.query, page, size: MAX_PAGE_SIZE });
      yield rows;
      if (rows.length < MAX_PAGE_SIZE) return;
    }
  }
  return csvStreamResponse({ name: spec.name, header: spec.header, batches: pages(), cells: spec.cells, locale: spec.locale });
}

/**
 * Streams rows that come in batches (pages, or keyset steps of a log) as a CSV download: each batch is written and
 * sent before the next is read. Excel-friendly as {@link CsvWriter}: one BOM, CRLF, the locale's separator.
 */
export function csvStreamResponse<T>(spec: {
  readonly name: string;
  readonly header: readonly string[];
  readonly batches: AsyncIterator<readonly T[]>;
  readonly cells: (row: T) => readonly CsvCell[];
  readonly locale: 'en' | 'de';
}): Response {
  let first = true;
  const stream = new ReadableStream<string>({
    async pull(controller) {
      const writer = new CsvWriter({ locale: spec.locale, timeZone: 'UTC' });
      if (first) writer.row(spec.header);
      const next = await spec.batches.next();
      for (const row of next.done ? [] : next.value) writer.row(spec.cells(row));
      const text = writer.toString();
      // the writer starts every chunk with a BOM; the file has one, at its start
      const chunk = first ? text : text.slice(1);
      first = false;
      if (chunk.trim() !== '') controller.enqueue(chunk);
      if (next.done) controller.close();
    },
  });
  return new Response(stream.pipeThrough(new TextEncoderStream()), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${spec.name.replace(/[^\w.-]/g, '_')}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
