import type { OcppVersion } from '@csms/gateway/protocol';

/** One configuration key (1.6) or variable (2.x, keyed `Component.Variable`). */
export interface Setting {
  value: string;
  readonly readonly: boolean;
}

/**
 * The station's configuration: 1.6 configuration keys or 2.x device-model variables, as strings like on the
 * wire. The simulator reads its own behaviour from here (heartbeat and sample intervals, remote-start
 * authorization), so a server's ChangeConfiguration/SetVariables really changes what the station does.
 */
export class Settings {
  readonly #values = new Map<string, Setting>();

  constructor(entries: Iterable<[string, Setting]> = []) {
    for (const [key, setting] of entries) this.#values.set(key, setting);
  }

  get(key: string): Setting | undefined {
    return this.#values.get(key);
  }

  /** Sets a value regardless of `readonly` (the station itself may change read-only values). */
  put(key: string, value: string, readonly = false): void {
    const existing = this.#values.get(key);
    this.#values.set(key, { value, readonly: existing?.readonly ?? readonly });
  }

  number(key: string, fallback = 0): number {
    const value = Number(this.#values.get(key)?.value);
    return Number.isFinite(value) ? value : fallback;
  }

  flag(key: string): boolean {
    return this.#values.get(key)?.value.toLowerCase() === 'true';
  }

  keys(): IterableIterator<string> {
    return this.#values.keys();
  }

  /** Every key whose component part (before the first dot) is `component`. */
  hasComponent(component: string): boolean {
    for (const key of this.#values.keys()) if (key.startsWith(`${component}.`)) return true;
    return false;
  }
}

/** Setting names the simulator itself reads, per version. */
export const SETTING_NAMES: Readonly<
  Record<
    'heartbeatInterval' | 'sampleInterval' | 'authorizeRemoteStart' | 'stopOnInvalidId' | 'messageAttempts' | 'messageAttemptInterval',
    Record<'1.6' | '2.x', string>
  >
> = {
  heartbeatInterval: { '1.6': 'HeartbeatInterval', '2.x': 'OCPPCommCtrlr.HeartbeatInterval' },
  sampleInterval: { '1.6': 'MeterValueSampleInterval', '2.x': 'SampledDataCtrlr.TxUpdatedInterval' },
  authorizeRemoteStart: { '1.6': 'AuthorizeRemoteTxRequests', '2.x': 'AuthCtrlr.AuthorizeRemoteStart' },
  stopOnInvalidId: { '1.6': 'StopTransactionOnInvalidId', '2.x': 'TxCtrlr.StopTxOnInvalidId' },
  // transaction messages the CSMS failed to process: transmissions in all, and the base interval between them (s)
  messageAttempts: { '1.6': 'TransactionMessageAttempts', '2.x': 'OCPPCommCtrlr.MessageAttempts' },
  messageAttemptInterval: { '1.6': 'TransactionMessageRetryInterval', '2.x': 'OCPPCommCtrlr.MessageAttemptInterval' },
};

/** The name of a setting the simulator reads, in `version`'s vocabulary. */
export function settingName(version: OcppVersion, name: keyof typeof SETTING_NAMES): string {
  return SETTING_NAMES[name][version === '1.6' ? '1.6' : '2.x'];
}

/** What the defaults depend on. */
export interface SettingsSeed {
  readonly connectors: number;
  readonly vendor: string;
  readonly model: string;
  readonly sampleIntervalS: number;
  readonly authorizeRemoteStart: boolean;
}

/** A plausible 1.6 Core + SmartCharging + FirmwareManagement + RemoteTrigger configuration (OCPP 1.6 §9). */
export function defaultSettings(version: OcppVersion, seed: SettingsSeed): Settings {
  const rw = (value: string | number | boolean): Setting => ({ value: String(value), readonly: false });
  const ro = (value: string | number | boolean): Setting => ({ value: String(value), readonly: true });
  if (version === '1.6') {
    return new Settings([
      ['AuthorizeRemoteTxRequests', rw(seed.authorizeRemoteStart)],
      ['ClockAlignedDataInterval', rw(0)],
      ['ConnectionTimeOut', rw(60)],
      ['GetConfigurationMaxKeys', ro(50)],
      ['HeartbeatInterval', rw(300)],
      ['LocalAuthorizeOffline', rw(true)],
      ['LocalPreAuthorize', rw(false)],
      ['MeterValuesAlignedData', rw('Energy.Active.Import.Register')],
      ['MeterValuesSampledData', rw('Energy.Active.Import.Register,Power.Active.Import,SoC')],
      ['MeterValueSampleInterval', rw(seed.sampleIntervalS)],
      ['NumberOfConnectors', ro(seed.connectors)],
      ['ReserveConnectorZeroSupported', ro(true)],
      ['ResetRetries', rw(1)],
      ['StopTransactionOnEVSideDisconnect', rw(true)],
      ['StopTransactionOnInvalidId', rw(true)],
      ['StopTxnAlignedData', rw('')],
      ['StopTxnSampledData', rw('Energy.Active.Import.Register')],
      ['SupportedFeatureProfiles', ro('Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger')],
      ['TransactionMessageAttempts', rw(3)],
      ['TransactionMessageRetryInterval', rw(30)],
      ['UnlockConnectorOnEVSideDisconnect', rw(true)],
      ['LocalAuthListEnabled', rw(true)],
      ['LocalAuthListMaxLength', ro(100)],
      ['SendLocalListMaxLength', ro(50)],
      ['ChargeProfileMaxStackLevel', ro(10)],
      ['ChargingScheduleAllowedChargingRateUnit', ro('Current,Power')],
      ['ChargingScheduleMaxPeriods', ro(24)],
      ['MaxChargingProfilesInstalled', ro(10)],
    ]);
  }
  return new Settings([
    ['AuthCtrlr.AuthorizeRemoteStart', rw(seed.authorizeRemoteStart)],
    ['AuthCtrlr.LocalAuthorizeOffline', rw(true)],
    ['ChargingStation.Model', ro(seed.model)],
    ['ChargingStation.VendorName', ro(seed.vendor)],
    ['ChargingStation.AvailabilityState', ro('Available')],
    ['EVSE.Count', ro(seed.connectors)],
    ['OCPPCommCtrlr.HeartbeatInterval', rw(300)],
    ['OCPPCommCtrlr.MessageAttempts', rw(3)],
    ['OCPPCommCtrlr.MessageAttemptInterval', rw(30)],
    ['OCPPCommCtrlr.MessageTimeout', rw(30)],
    ['SampledDataCtrlr.TxUpdatedInterval', rw(seed.sampleIntervalS)],
    ['SampledDataCtrlr.TxUpdatedMeasurands', rw('Energy.Active.Import.Register,Power.Active.Import,SoC')],
    ['TxCtrlr.EVConnectionTimeOut', rw(60)],
    ['TxCtrlr.StopTxOnInvalidId', rw(true)],
    ['TxCtrlr.TxStartPoint', rw('Authorized,PowerPathClosed')],
    ['TxCtrlr.TxStopPoint', rw('EVConnected,Authorized')],
    // OCPP 2.1 C25: a station with a display shows a dynamic QR code once the CSMS configured these (empty: none)
    ...(version === '2.1'
      ? ([
          ['WebPaymentsCtrlr.SharedSecret', rw('')],
          ['WebPaymentsCtrlr.URLTemplate', rw('')],
          ['WebPaymentsCtrlr.ValidityTime', rw(60)],
          ['WebPaymentsCtrlr.Length', rw(8)],
          ['WebPaymentsCtrlr.TOTPVersion', ro('v1')],
        ] satisfies [string, Setting][])
      : []),
  ]);
}

/** Variables a station accepts but never reports (GetVariables answers `Rejected`). */
export const WRITE_ONLY_SETTINGS: ReadonlySet<string> = new Set(['WebPaymentsCtrlr.SharedSecret']);
