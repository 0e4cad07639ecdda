import type { CertificateHashData, ChargePointCommandResult, ChargingSchedule16, CompositeSchedule, ConfigurationEntry } from '@csms/temporal';

type Payload = Readonly<Record<string, unknown>>;

function records(value: unknown): Payload[] {
  return Array.isArray(value) ? value.filter((v): v is Payload => typeof v === 'object' && v !== null) : [];
}

function nameOf(entry: Payload, field: 'component' | 'variable'): string {
  const part = entry[field];
  return typeof part === 'object' && part !== null && typeof (part as Payload).name === 'string' ? String((part as Payload).name) : '';
}

/** 1.6 `{connectorId, scheduleStart, chargingSchedule}` as is; 2.x `schedule` in the same 1.6 shape. */
function compositeSchedule(payload: Payload): Pick<ChargePointCommandResult, 'compositeSchedule'> {
  if (payload.status !== 'Accepted') return {};
  const schedule = payload.schedule as Payload | undefined;
  if (schedule === undefined) {
    const { status: _status, ...rest } = payload;
    return { compositeSchedule: rest as CompositeSchedule };
  }
  const { evseId, scheduleStart, ...chargingSchedule } = schedule;
  return { compositeSchedule: { connectorId: Number(evseId), scheduleStart: String(scheduleStart), chargingSchedule: chargingSchedule as unknown as ChargingSchedule16 } };
}

/**
 * The version-neutral result of a station's CALLRESULT: its `status`, or for the configuration reads (which have
 * none) `Accepted` with the entries. 2.x SetVariables reports per variable; the first variable not Accepted (else the first) gives the status.
 */
export function interpretResult(action: string, payload: Payload): ChargePointCommandResult {
  switch (action) {
    case 'GetConfiguration': {
      const configuration: ConfigurationEntry[] = records(payload.configurationKey).map((entry) => ({
        key: String(entry.key),
        value: typeof entry.value === 'string' ? entry.value : null,
        readonly: entry.readonly === true,
      }));
      const unknownKeys = Array.isArray(payload.unknownKey) ? payload.unknownKey.map(String) : [];
      return { status: 'Accepted', configuration, unknownKeys };
    }
    case 'GetVariables': {
      const results = records(payload.getVariableResult);
      const key = (entry: Payload) => `${nameOf(entry, 'component')}.${nameOf(entry, 'variable')}`;
      return {
        status: 'Accepted',
        configuration: results
          .filter((entry) => entry.attributeStatus === 'Accepted')
          .map((entry) => ({ key: key(entry), value: typeof entry.attributeValue === 'string' ? entry.attributeValue : null, readonly: false })),
        unknownKeys: results.filter((entry) => entry.attributeStatus !== 'Accepted').map(key),
      };
    }
    case 'SetVariables': {
      // several variables (WebPaymentsCtrlr): the first one not Accepted decides
      const results = records(payload.setVariableResult);
      const decisive = results.find((entry) => entry.attributeStatus !== 'Accepted') ?? results[0];
      return { status: String(decisive?.attributeStatus ?? 'Rejected') };
    }
    case 'GetCompositeSchedule':
      return { status: String(payload.status), ...compositeSchedule(payload) };
    case 'GetInstalledCertificateIds': {
      // 1.6 names the list certificateHashData; 2.x certificateHashDataChain with the hash data of each chain's leaf
      const flat = Array.isArray(payload.certificateHashData)
        ? records(payload.certificateHashData)
        : records(payload.certificateHashDataChain).map((chain) => (chain.certificateHashData ?? {}) as Payload);
      return { status: String(payload.status), certificateHashData: flat.map((h) => ({ ...h }) as unknown as CertificateHashData) };
    }
    case 'GetLocalListVersion':
      return { status: 'Accepted', listVersion: typeof payload.listVersion === 'number' ? payload.listVersion : -1 };
    case 'GetDiagnostics':
      // 1.6 answers only the file name: absent when the station has no diagnostics to upload
      return { status: typeof payload.fileName === 'string' ? 'Accepted' : 'NoDiagnostics', ...(typeof payload.fileName === 'string' ? { fileName: payload.fileName } : {}) };
    case 'GetLog':
      return { status: String(payload.status), ...(typeof payload.filename === 'string' ? { fileName: payload.filename } : {}) };
    case 'DataTransfer':
      return { status: String(payload.status), ...(payload.data === undefined ? {} : { data: payload.data }) };
    default:
      return { status: typeof payload.status === 'string' ? payload.status : 'Accepted' };
  }
}
