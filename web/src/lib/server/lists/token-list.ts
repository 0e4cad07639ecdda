import { API_TOKEN_SORTS, type ApiTokenRecord, type ApiTokenSort } from '@csms/db';
import type { CsvCell } from '../csv.ts';
import { parseListParams, type ListParams } from './list-params.ts';

/** The token list's query from its URL (page and CSV export read the same parameters). */
export function tokenListParams(url: URL): ListParams<ApiTokenSort> {
  return parseListParams(url, { sorts: API_TOKEN_SORTS, defaultSort: 'name' });
}

/** The CSV columns of the token list (never a token or its hash). */
export const TOKEN_CSV_HEADER = ['id', 'name', 'owner', 'createdAt', 'lastUsedAt', 'expiresAt'] as const;

/** A token's CSV cells, in {@link TOKEN_CSV_HEADER} order, with its owner's name. */
export function tokenCsvCells(token: ApiTokenRecord, owner: string): CsvCell[] {
  return [String(token.id), token.name, owner, token.createdAt, token.lastUsedAt, token.expiresAt];
}
