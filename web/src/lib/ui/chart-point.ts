/** One point of a transaction's meter curve: energy since the start (Wh) and/or power (W). */
export interface ChartPoint {
  readonly at: string;
  readonly energyWh: number | null;
  readonly powerW: number | null;
}
