import { USER_SORTS, type UserRecord, type UserSort } from '@csms/db';
import type { CsvCell } from '../csv.ts';
import { parseListParams, type ListParams } from './list-params.ts';

/** The user list's query from its URL (page and CSV export read the same parameters). */
export function userListParams(url: URL): ListParams<UserSort> {
  return parseListParams(url, { sorts: USER_SORTS, defaultSort: 'username' });
}

/** The CSV columns of the user list (never a password hash). */
export const USER_CSV_HEADER = ['username', 'role', 'language', 'lastLoginAt'] as const;

/** A user's CSV cells, in {@link USER_CSV_HEADER} order. */
export function userCsvCells(user: UserRecord): CsvCell[] {
  return [user.username, user.role, user.language, user.lastLoginAt];
}
