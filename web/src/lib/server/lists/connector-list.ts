import { CONNECTOR_SORTS, type ConnectorRecord, type ConnectorSort } from '@csms/db';
import { kWh, type CsvCell } from '../csv.ts';
import { parseListParams, type ListParams } from './list-params.ts';

/** The connector list's query from its URL (page and CSV export read the same parameters). */
export function connectorListParams(url: URL): ListParams<ConnectorSort> {
  return parseListParams(url, { sorts: CONNECTOR_SORTS, defaultSort: 'chargePoint' });
}

/** The CSV columns of the connector list. */
export const CONNECTOR_CSV_HEADER = ['chargePointId', 'evseId', 'connectorId', 'name', 'status', 'ocppStatus', 'statusAt', 'meterKWh', 'meterAt'] as const;

/** A connector's CSV cells, in {@link CONNECTOR_CSV_HEADER} order. */
export function connectorCsvCells(c: ConnectorRecord): CsvCell[] {
  return [c.chargePointId, String(c.evseId), String(c.connectorId), c.name, c.status, c.ocppStatus, c.statusAt, kWh(c.meterWh), c.meterAt];
}
