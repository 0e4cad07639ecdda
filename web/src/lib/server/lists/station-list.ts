import { CHARGE_POINT_SORTS, type ChargePointRecord, type ChargePointSort } from '@csms/db';
import type { CsvCell } from '../csv.ts';
import { parseListParams, type ListParams } from './list-params.ts';

/** The station list's query from its URL (page and CSV export read the same parameters). */
export function stationListParams(url: URL): ListParams<ChargePointSort> {
  return parseListParams(url, { sorts: CHARGE_POINT_SORTS, defaultSort: 'id' });
}

/** A station as the list shows it. */
export interface StationListRow {
  readonly id: string;
  readonly name: string;
  readonly comment: string | null;
  readonly online: boolean;
  readonly pending: boolean;
  readonly protocol: string | null;
  readonly hasPassword: boolean;
  readonly lastSeenAt: string | null;
}

/** The list's row of a station (no secrets, times as ISO text). */
export function stationListRow(cp: ChargePointRecord): StationListRow {
  return {
    id: cp.id,
    name: cp.name,
    comment: cp.comment,
    online: cp.online,
    pending: cp.registrationStatus === 'Pending',
    protocol: cp.protocol,
    hasPassword: cp.basicAuthPasswordHash !== null,
    lastSeenAt: cp.lastSeenAt?.toISOString() ?? null,
  };
}

/** The CSV columns of the station list. */
export const STATION_CSV_HEADER = ['id', 'name', 'comment', 'online', 'registrationStatus', 'protocol', 'lastSeenAt'] as const;

/** A station's CSV cells, in {@link STATION_CSV_HEADER} order. */
export function stationCsvCells(cp: ChargePointRecord): CsvCell[] {
  return [cp.id, cp.name, cp.comment, cp.online ? 'yes' : 'no', cp.registrationStatus, cp.protocol, cp.lastSeenAt];
}
