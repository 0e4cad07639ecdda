/** A version-neutral meter reading; the dialects turn it into 1.6 or 2.x `sampledValue`s. */
export interface MeterSample {
  readonly measurand: 'Energy.Active.Import.Register' | 'Power.Active.Import' | 'SoC' | 'Current.Import' | 'Voltage';
  readonly value: number;
  readonly unit: 'Wh' | 'W' | 'Percent' | 'A' | 'V';
  readonly phase?: 'L1' | 'L2' | 'L3' | 'L1-N' | 'L2-N' | 'L3-N';
  readonly location?: 'Outlet' | 'EV';
}

/** What a meter reports, beyond the energy register. */
export interface MeterOptions {
  /** Report Power.Active.Import. Default true. */
  readonly power?: boolean;
  /** Report per-phase current and voltage (and per-phase power) for this many phases (1 or 3); 0 = none. */
  readonly phases?: 0 | 1 | 3;
  /** Phase-to-neutral voltage. Default 230 V. */
  readonly voltage?: number;
}

/**
 * The energy meter of one connector (EVSE): a monotonic import register in Wh, the present power and the EV's
 * state of charge. `advance` integrates power over time; nothing here reads a clock, so scripts can simulate an
 * hour of charging in a millisecond.
 */
export class Meter {
  /** Energy register in Wh, never decreasing (kept fractional; reported rounded). */
  energyWh: number;
  /** Present import power in W (0 while not charging). */
  powerW = 0;
  /** The EV's state of charge in percent, when known. */
  soc: number | undefined;
  /** Battery capacity used to move the SoC as energy flows. Default 60 kWh. */
  capacityWh = 60_000;
  readonly options: MeterOptions;

  constructor(energyWh = 0, options: MeterOptions = {}) {
    this.energyWh = energyWh;
    this.options = options;
  }

  /** The register as an integer Wh value (the unit the system stores, DESIGN.md §4). */
  get registerWh(): number {
    return Math.floor(this.energyWh);
  }

  /** Adds `seconds` of charging at the present power; the SoC follows, capped at 100 %. */
  advance(seconds: number): void {
    if (seconds <= 0 || this.powerW <= 0) return;
    const added = (this.powerW * seconds) / 3600;
    this.energyWh += added;
    if (this.soc !== undefined) this.soc = Math.min(100, this.soc + (added / this.capacityWh) * 100);
  }

  /** The samples of one reading: register, power and SoC, plus per-phase values when configured. */
  sample(): MeterSample[] {
    const samples: MeterSample[] = [
      { measurand: 'Energy.Active.Import.Register', value: this.registerWh, unit: 'Wh', location: 'Outlet' },
    ];
    if (this.options.power ?? true) {
      samples.push({ measurand: 'Power.Active.Import', value: Math.round(this.powerW), unit: 'W', location: 'Outlet' });
    }
    const phases = this.options.phases ?? 0;
    if (phases > 0) {
      const voltage = this.options.voltage ?? 230;
      const perPhaseW = this.powerW / phases;
      const current = Math.round((perPhaseW / voltage) * 10) / 10;
      for (const phase of (['L1', 'L2', 'L3'] as const).slice(0, phases)) {
        samples.push({ measurand: 'Current.Import', value: current, unit: 'A', phase, location: 'Outlet' });
        samples.push({ measurand: 'Voltage', value: voltage, unit: 'V', phase: `${phase}-N`, location: 'Outlet' });
        samples.push({ measurand: 'Power.Active.Import', value: Math.round(perPhaseW), unit: 'W', phase, location: 'Outlet' });
      }
    }
    if (this.soc !== undefined) {
      samples.push({ measurand: 'SoC', value: Math.round(this.soc), unit: 'Percent', location: 'EV' });
    }
    return samples;
  }
}
