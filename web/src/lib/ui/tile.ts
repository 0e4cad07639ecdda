/** The colour class of a tile. */
export type TileState = 'Available' | 'Charging' | 'Occupied' | 'Unavailable' | 'Faulted' | 'Unknown';

/** One tile of the overview: a connector, or a station without known connectors. Plain JSON (sent over SSE). */
export interface Tile {
  /** `<chargePointId>/<connectorId>`, unique. */
  readonly key: string;
  readonly chargePointId: string;
  /** 0 for a station that reported no connector yet. */
  readonly connectorId: number;
  /** After OCPP.Core's naming rules (see `tileName`). */
  readonly name: string;
  readonly state: TileState;
  /** The raw OCPP status (e.g. SuspendedEV), when known. */
  readonly ocppStatus: string | null;
  readonly online: boolean;
  /** Start of the open transaction. */
  readonly chargingSince: string | null;
  /** Energy of the last finished transaction. */
  readonly lastEnergyWh: number | null;
  /** Live values while a transaction is open and the station reports them. */
  readonly powerW: number | null;
  readonly soc: number | null;
}
