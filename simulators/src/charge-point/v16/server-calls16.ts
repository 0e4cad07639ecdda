import type { JsonObject, Ocpp16 } from '@csms/gateway/protocol';
import type { ChargePoint } from '../charge-point.ts';
import { json } from '../json.ts';
import { stationCertificateCalls } from '../station-certificate.ts';
import type { ServerCallOutcome } from '../station-link.ts';
import type { Connector } from '../state.ts';
import { certificateCalls16 } from './certificates16.ts';
import { firmwareCalls16 } from './firmware16.ts';
import { localListCalls16 } from './local-list16.ts';
import { reservations16, reservedForOther16 } from './reservations16.ts';
import { smartCharging16 } from './smart-charging16.ts';
import { commonTriggers16 } from './triggers16.ts';

type Handler = (payload: JsonObject) => ServerCallOutcome;
type Profile16 = Ocpp16.SetChargingProfileRequest['csChargingProfiles'];

const answer = (payload: object, after?: () => void): ServerCallOutcome => ({ payload: json(payload), ...(after ? { after } : {}) });

/** A connector that can take a new transaction. */
function isFree(connector: Connector): boolean {
  return connector.transaction === undefined && connector.availability === 'Operative' && connector.status !== 'Faulted';
}

/** Answers to every CALL a 1.6 central system may send; the answers really change the simulated station. */
export function serverCalls16(cp: ChargePoint): Record<string, Handler> {
  const find = (id: number): Connector | undefined => cp.connectors[id - 1];

  return {
    Reset(payload) {
      const { type } = payload as unknown as Ocpp16.ResetRequest;
      return answer({ status: 'Accepted' } satisfies Ocpp16.ResetResponse, () =>
        cp.background(cp.reboot(type === 'Hard' ? 'HardReset' : 'SoftReset')),
      );
    },

    UnlockConnector(payload) {
      const { connectorId } = payload as unknown as Ocpp16.UnlockConnectorRequest;
      const connector = find(connectorId);
      if (connector === undefined) return answer({ status: 'NotSupported' } satisfies Ocpp16.UnlockConnectorResponse);
      // TC_018_1: unlocking during a session ends it with reason UnlockCommand.
      const after = connector.transaction === undefined ? undefined : () => cp.background(cp.stopTransaction(connectorId, 'UnlockCommand'));
      return answer({ status: 'Unlocked' } satisfies Ocpp16.UnlockConnectorResponse, after);
    },

    RemoteStartTransaction(payload) {
      const request = payload as unknown as Ocpp16.RemoteStartTransactionRequest;
      // 1.6 §5.13: a connector reserved for another tag (and its group) takes no remote start either
      const usable = (c: Connector) => isFree(c) && !reservedForOther16(cp, c.id, request.idTag);
      const connector = request.connectorId === undefined ? cp.connectors.find(usable) : find(request.connectorId);
      if (connector === undefined || !usable(connector)) {
        return answer({ status: 'Rejected' } satisfies Ocpp16.RemoteStartTransactionResponse);
      }
      if (request.chargingProfile !== undefined) {
        connector.chargingProfiles.set(request.chargingProfile.chargingProfileId, json(request.chargingProfile));
      }
      return answer({ status: 'Accepted' } satisfies Ocpp16.RemoteStartTransactionResponse, () =>
        cp.background(
          (async () => {
            if (cp.settings.flag('AuthorizeRemoteTxRequests')) {
              const status = await cp.authorize(request.idTag);
              if (status !== 'Accepted') return;
            }
            await cp.startTransaction(connector.id, request.idTag);
          })(),
        ),
      );
    },

    RemoteStopTransaction(payload) {
      const { transactionId } = payload as unknown as Ocpp16.RemoteStopTransactionRequest;
      const connector = cp.connectors.find((c) => c.transaction?.transactionId === transactionId);
      if (connector === undefined) return answer({ status: 'Rejected' } satisfies Ocpp16.RemoteStopTransactionResponse);
      return answer({ status: 'Accepted' } satisfies Ocpp16.RemoteStopTransactionResponse, () =>
        cp.background(cp.stopTransaction(connector.id, 'Remote')),
      );
    },

    SetChargingProfile(payload) {
      const { connectorId, csChargingProfiles: profile } = payload as unknown as Ocpp16.SetChargingProfileRequest;
      const targets = connectorId === 0 ? cp.connectors : [find(connectorId)];
      const valid = targets.every((c) => c !== undefined);
      // 1.6 §5.16.3: a TxProfile needs a running transaction on its connector.
      const txMissing = profile.chargingProfilePurpose === 'TxProfile' && targets.some((c) => c?.transaction === undefined);
      if (!valid || txMissing) return answer({ status: 'Rejected' } satisfies Ocpp16.SetChargingProfileResponse);
      for (const c of targets) {
        // 1.6 §3.13.2: a profile of the same purpose and stack level is replaced, as one with the same id is
        for (const [id, held] of c?.chargingProfiles ?? []) {
          const p = held as unknown as Profile16;
          if (p.chargingProfilePurpose === profile.chargingProfilePurpose && p.stackLevel === profile.stackLevel) c?.chargingProfiles.delete(id);
        }
        c?.chargingProfiles.set(profile.chargingProfileId, json(profile));
      }
      return answer({ status: 'Accepted' } satisfies Ocpp16.SetChargingProfileResponse);
    },

    ClearChargingProfile(payload) {
      const request = payload as unknown as Ocpp16.ClearChargingProfileRequest;
      let cleared = 0;
      for (const c of cp.connectors) {
        if (request.connectorId !== undefined && request.connectorId !== 0 && request.connectorId !== c.id) continue;
        for (const [id, profile] of c.chargingProfiles) {
          const p = profile as unknown as Ocpp16.SetChargingProfileRequest['csChargingProfiles'];
          if (request.id !== undefined && request.id !== id) continue;
          if (request.chargingProfilePurpose !== undefined && request.chargingProfilePurpose !== p.chargingProfilePurpose) continue;
          if (request.stackLevel !== undefined && request.stackLevel !== p.stackLevel) continue;
          c.chargingProfiles.delete(id);
          cleared += 1;
        }
      }
      return answer({ status: cleared > 0 ? 'Accepted' : 'Unknown' } satisfies Ocpp16.ClearChargingProfileResponse);
    },

    ChangeAvailability(payload) {
      const { connectorId, type } = payload as unknown as Ocpp16.ChangeAvailabilityRequest;
      const targets = connectorId === 0 ? cp.connectors : [find(connectorId)].filter((c) => c !== undefined);
      if (targets.length === 0) return answer({ status: 'Rejected' } satisfies Ocpp16.ChangeAvailabilityResponse);
      let scheduled = false;
      const now: Connector[] = [];
      for (const c of targets) {
        if (c.transaction !== undefined) {
          c.scheduledAvailability = type;
          scheduled = true;
        } else {
          c.availability = type;
          now.push(c);
        }
      }
      return answer({ status: scheduled ? 'Scheduled' : 'Accepted' } satisfies Ocpp16.ChangeAvailabilityResponse, () => {
        for (const c of now) cp.background(cp.statusNotification(c.id, type === 'Inoperative' ? 'Unavailable' : 'Available'));
      });
    },

    GetConfiguration(payload) {
      const { key } = payload as unknown as Ocpp16.GetConfigurationRequest;
      const keys = key === undefined || key.length === 0 ? [...cp.settings.keys()] : key;
      const configurationKey: NonNullable<Ocpp16.GetConfigurationResponse['configurationKey']> = [];
      const unknownKey: string[] = [];
      for (const k of keys) {
        const setting = cp.settings.get(k);
        if (setting === undefined) unknownKey.push(k);
        else configurationKey.push({ key: k, readonly: setting.readonly, value: setting.value });
      }
      return answer({ configurationKey, ...(unknownKey.length > 0 ? { unknownKey } : {}) } satisfies Ocpp16.GetConfigurationResponse);
    },

    ChangeConfiguration(payload) {
      const { key, value } = payload as unknown as Ocpp16.ChangeConfigurationRequest;
      const setting = cp.settings.get(key);
      if (setting === undefined) return answer({ status: 'NotSupported' } satisfies Ocpp16.ChangeConfigurationResponse);
      const numeric = key.endsWith('Interval') || key.endsWith('TimeOut');
      if (setting.readonly || (numeric && !/^\d+$/.test(value))) {
        return answer({ status: 'Rejected' } satisfies Ocpp16.ChangeConfigurationResponse);
      }
      cp.settings.put(key, value);
      return answer({ status: 'Accepted' } satisfies Ocpp16.ChangeConfigurationResponse, () => cp.applySettings());
    },

    TriggerMessage(payload) {
      const { requestedMessage, connectorId } = payload as unknown as Ocpp16.TriggerMessageRequest;
      const common = commonTriggers16(cp, connectorId);
      if (common === undefined) return answer({ status: 'Rejected' } satisfies Ocpp16.TriggerMessageResponse);
      const send: Partial<Record<Ocpp16.TriggerMessageRequest['requestedMessage'], () => void>> = {
        ...common,
        FirmwareStatusNotification: () => cp.background(cp.firmwareStatus('Idle')),
        DiagnosticsStatusNotification: () => cp.background(cp.diagnosticsStatus('Idle')),
      };
      const after = send[requestedMessage];
      if (after === undefined) return answer({ status: 'NotImplemented' } satisfies Ocpp16.TriggerMessageResponse);
      return answer({ status: 'Accepted' } satisfies Ocpp16.TriggerMessageResponse, after);
    },

    ClearCache() {
      return answer({ status: 'Accepted' } satisfies Ocpp16.ClearCacheResponse);
    },

    DataTransfer(payload) {
      const request = payload as unknown as Ocpp16.DataTransferRequest;
      return answer(cp.options.dataTransfer?.(request) ?? ({ status: 'UnknownVendorId' } satisfies Ocpp16.DataTransferResponse));
    },

    ...reservations16(cp),

    ...localListCalls16(cp),

    ...smartCharging16(cp),

    ...firmwareCalls16(cp),
    ...certificateCalls16(cp),
    ...stationCertificateCalls(cp),
  };
}
