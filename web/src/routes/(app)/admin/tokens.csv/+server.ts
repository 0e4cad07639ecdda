import { csvExportResponse } from '$lib/server/lists/csv-export.ts';
import { TOKEN_CSV_HEADER, tokenCsvCells, tokenListParams } from '$lib/server/lists/token-list.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { RequestHandler } from './$types';

/** The token list as CSV (never the tokens), with the page's search and sort. Admins only. */
export const GET: RequestHandler = async ({ url, locals }) => {
  requireAdmin(locals);
  const db = getServices().db;
  const names = new Map((await db.users.list()).map((u) => [u.id, u.username]));
  return csvExportResponse({
    name: 'api-tokens',
    header: TOKEN_CSV_HEADER,
    query: tokenListParams(url),
    fetchPage: (query) => db.apiTokens.page(query),
    cells: (token) => tokenCsvCells(token, names.get(token.userId) ?? ''),
    locale: locals.locale === 'de' ? 'de' : 'en',
  });
};
