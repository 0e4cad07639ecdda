/** OCPP 1.6 ChargingProfilePurposeType. */
export const CHARGING_PROFILE_PURPOSES = ['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile'] as const;
/** OCPP 1.6 ChargingProfileKindType. */
export const CHARGING_PROFILE_KINDS = ['Absolute', 'Recurring', 'Relative'] as const;
/** OCPP 1.6 RecurrencyKindType. */
export const RECURRENCY_KINDS = ['Daily', 'Weekly'] as const;
/** OCPP 1.6 ChargingRateUnitType. */
export const CHARGING_RATE_UNITS = ['A', 'W'] as const;

/** One period of a charging schedule (seconds from the schedule's start). */
export interface ChargingSchedulePeriod16 {
  readonly startPeriod: number;
  readonly limit: number;
  readonly numberPhases?: number;
}

/** OCPP 1.6 ChargingSchedule (dates as ISO 8601 text, as on the wire). */
export interface ChargingSchedule16 {
  readonly duration?: number;
  readonly startSchedule?: string;
  readonly chargingRateUnit: (typeof CHARGING_RATE_UNITS)[number];
  readonly chargingSchedulePeriod: readonly ChargingSchedulePeriod16[];
  readonly minChargingRate?: number;
}

/**
 * OCPP 1.6 `csChargingProfiles` as sent in SetChargingProfile and RemoteStartTransaction; the system allocates
 * `chargingProfileId` (unique per station) so that it never replaces or clears a profile it did not make.
 */
export interface ChargingProfile16 {
  readonly chargingProfileId: number;
  readonly transactionId?: number;
  readonly stackLevel: number;
  readonly chargingProfilePurpose: (typeof CHARGING_PROFILE_PURPOSES)[number];
  readonly chargingProfileKind: (typeof CHARGING_PROFILE_KINDS)[number];
  readonly recurrencyKind?: (typeof RECURRENCY_KINDS)[number];
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly chargingSchedule: ChargingSchedule16;
}

/** OCPP 1.6 ClearChargingProfile criteria: an id, or any of connector, purpose and stack level; none clears all. */
export interface ClearChargingProfileCriteria {
  readonly id?: number;
  readonly connectorId?: number;
  readonly chargingProfilePurpose?: (typeof CHARGING_PROFILE_PURPOSES)[number];
  readonly stackLevel?: number;
}

/** A GetCompositeSchedule answer: the station's composite of its profiles for one connector. */
export interface CompositeSchedule {
  readonly connectorId?: number;
  readonly scheduleStart?: string;
  readonly chargingSchedule?: ChargingSchedule16;
}
