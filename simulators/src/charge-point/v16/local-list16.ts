import type { JsonObject, Ocpp16 } from '@csms/gateway/protocol';
import type { ChargePoint } from '../charge-point.ts';
import { json } from '../json.ts';
import type { ServerCallOutcome } from '../station-link.ts';

type Handler = (payload: JsonObject) => ServerCallOutcome;
type IdTagInfo = NonNullable<NonNullable<Ocpp16.SendLocalListRequest['localAuthorizationList']>[number]['idTagInfo']>;

/** A station's local authorization list: its version and entries (kept across reboots, as in non-volatile memory). */
export interface LocalList16 {
  version: number;
  readonly entries: Map<string, IdTagInfo>;
}

const lists = new WeakMap<ChargePoint, LocalList16>();

/** The local authorization list `cp` holds (created empty, version 0, on first use). */
export function localList16(cp: ChargePoint): LocalList16 {
  let list = lists.get(cp);
  if (list === undefined) {
    list = { version: 0, entries: new Map() };
    lists.set(cp, list);
  }
  return list;
}

/** The station supports local lists when it lists the LocalAuthListManagement profile (1.6 §9.1.30). */
function supported(cp: ChargePoint): boolean {
  return (cp.settings.get('SupportedFeatureProfiles')?.value ?? '').split(',').map((p) => p.trim()).includes('LocalAuthListManagement');
}

const answer = (payload: object): ServerCallOutcome => ({ payload: json(payload) });

/**
 * SendLocalList and GetLocalListVersion as a station with the Local Auth List Management profile answers them
 * (1.6 §5.15, §6.45): a Full update replaces the list, a Differential one adds or updates entries with idTagInfo and
 * removes those without, and needs a version above the one held (else VersionMismatch). An update longer than
 * SendLocalListMaxLength, or a list that would exceed LocalAuthListMaxLength, Fails and changes nothing. Without the
 * profile: listVersion -1 and NotSupported.
 */
export function localListCalls16(cp: ChargePoint): Record<'SendLocalList' | 'GetLocalListVersion', Handler> {
  return {
    GetLocalListVersion() {
      return answer({ listVersion: supported(cp) ? localList16(cp).version : -1 } satisfies Ocpp16.GetLocalListVersionResponse);
    },

    SendLocalList(payload) {
      const request = payload as unknown as Ocpp16.SendLocalListRequest;
      if (!supported(cp)) return answer({ status: 'NotSupported' } satisfies Ocpp16.SendLocalListResponse);
      const list = localList16(cp);
      const entries = request.localAuthorizationList ?? [];
      const sendMax = cp.settings.number('SendLocalListMaxLength', Number.POSITIVE_INFINITY);
      if (entries.length > sendMax) return answer({ status: 'Failed' } satisfies Ocpp16.SendLocalListResponse);
      if (request.updateType === 'Differential' && request.listVersion <= list.version) {
        return answer({ status: 'VersionMismatch' } satisfies Ocpp16.SendLocalListResponse);
      }
      const next = new Map(request.updateType === 'Full' ? [] : list.entries);
      for (const entry of entries) {
        if (entry.idTagInfo !== undefined) next.set(entry.idTag, entry.idTagInfo);
        else if (request.updateType === 'Full') return answer({ status: 'Failed' } satisfies Ocpp16.SendLocalListResponse);
        else next.delete(entry.idTag);
      }
      if (next.size > cp.settings.number('LocalAuthListMaxLength', Number.POSITIVE_INFINITY)) {
        return answer({ status: 'Failed' } satisfies Ocpp16.SendLocalListResponse);
      }
      list.entries.clear();
      for (const [idTag, info] of next) list.entries.set(idTag, info);
      list.version = request.listVersion;
      return answer({ status: 'Accepted' } satisfies Ocpp16.SendLocalListResponse);
    },
  };
}
