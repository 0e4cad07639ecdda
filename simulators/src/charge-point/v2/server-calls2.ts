import type { JsonObject, Ocpp201 } from '@csms/gateway/protocol';
import type { ChargePoint } from '../charge-point.ts';
import { json } from '../json.ts';
import { WRITE_ONLY_SETTINGS } from '../settings.ts';
import { requestStationCertificate, stationCertificateCalls } from '../station-certificate.ts';
import type { ServerCallOutcome } from '../station-link.ts';
import type { Connector } from '../state.ts';

type Handler = (payload: JsonObject) => ServerCallOutcome;

const answer = (payload: object, after?: () => void): ServerCallOutcome => ({ payload: json(payload), ...(after ? { after } : {}) });

function isFree(connector: Connector): boolean {
  return connector.transaction === undefined && connector.availability === 'Operative' && connector.status !== 'Faulted';
}

/** Answers to every CALL of the 2.0.1 / 2.1 core a CSMS sends; the answers really change the simulated station. */
export function serverCalls2(cp: ChargePoint): Record<string, Handler> {
  const find = (evseId: number): Connector | undefined => cp.connectors[evseId - 1];
  const busy = () => cp.connectors.some((c) => c.transaction !== undefined);
  const whenIdle = (run: () => void) => {
    const check = () => {
      if (busy()) return;
      cp.off('transactionStopped', check);
      run();
    };
    cp.on('transactionStopped', check);
  };

  return {
    Reset(payload) {
      const { type, evseId } = payload as unknown as Ocpp201.ResetRequest;
      if (evseId !== undefined) return answer({ status: 'Rejected' } satisfies Ocpp201.ResetResponse);
      const reboot = () => cp.background(cp.reboot('ImmediateReset'));
      if (type === 'OnIdle' && busy()) {
        // B11.FR.01: OnIdle waits for the transactions to end.
        return answer({ status: 'Scheduled' } satisfies Ocpp201.ResetResponse, () => whenIdle(reboot));
      }
      return answer({ status: 'Accepted' } satisfies Ocpp201.ResetResponse, reboot);
    },

    UnlockConnector(payload) {
      const { evseId, connectorId } = payload as unknown as Ocpp201.UnlockConnectorRequest;
      const connector = find(evseId);
      if (connector === undefined || connectorId !== 1) return answer({ status: 'UnknownConnector' } satisfies Ocpp201.UnlockConnectorResponse);
      // F05.FR.02: an authorized transaction keeps the cable locked.
      if (connector.transaction !== undefined) return answer({ status: 'OngoingAuthorizedTransaction' } satisfies Ocpp201.UnlockConnectorResponse);
      return answer({ status: 'Unlocked' } satisfies Ocpp201.UnlockConnectorResponse);
    },

    RequestStartTransaction(payload) {
      const request = payload as unknown as Ocpp201.RequestStartTransactionRequest;
      const connector = request.evseId === undefined ? cp.connectors.find(isFree) : find(request.evseId);
      // F02 (cable plugin first): a transaction opened at plug-in and not yet authorized is the one to start
      const open = connector?.transaction?.awaitingAuthorization ? connector.transaction : undefined;
      if (connector === undefined || (!isFree(connector) && open === undefined)) {
        return answer({ status: 'Rejected' } satisfies Ocpp201.RequestStartTransactionResponse);
      }
      if (request.chargingProfile !== undefined) connector.chargingProfiles.set(request.chargingProfile.id, json(request.chargingProfile));
      const accepted: Ocpp201.RequestStartTransactionResponse = { status: 'Accepted', ...(open ? { transactionId: String(open.transactionId) } : {}) };
      return answer(accepted, () =>
        cp.background(
          (async () => {
            if (cp.settings.flag('AuthCtrlr.AuthorizeRemoteStart')) {
              const status = await cp.authorize(request.idToken.idToken);
              if (status !== 'Accepted') return;
            }
            await cp.startTransaction(connector.id, request.idToken.idToken, request.remoteStartId);
          })(),
        ),
      );
    },

    RequestStopTransaction(payload) {
      const { transactionId } = payload as unknown as Ocpp201.RequestStopTransactionRequest;
      const connector = cp.connectors.find((c) => c.transaction?.transactionId === transactionId);
      if (connector === undefined) return answer({ status: 'Rejected' } satisfies Ocpp201.RequestStopTransactionResponse);
      return answer({ status: 'Accepted' } satisfies Ocpp201.RequestStopTransactionResponse, () =>
        cp.background(cp.stopTransaction(connector.id, 'Remote')),
      );
    },

    SetChargingProfile(payload) {
      const { evseId, chargingProfile } = payload as unknown as Ocpp201.SetChargingProfileRequest;
      const targets = evseId === 0 ? cp.connectors : [find(evseId)];
      const txMissing = chargingProfile.chargingProfilePurpose === 'TxProfile' && targets.some((c) => c?.transaction === undefined);
      if (targets.some((c) => c === undefined) || txMissing) return answer({ status: 'Rejected' } satisfies Ocpp201.SetChargingProfileResponse);
      for (const c of targets) c?.chargingProfiles.set(chargingProfile.id, json(chargingProfile));
      return answer({ status: 'Accepted' } satisfies Ocpp201.SetChargingProfileResponse);
    },

    ClearChargingProfile(payload) {
      const { chargingProfileId, chargingProfileCriteria: criteria } = payload as unknown as Ocpp201.ClearChargingProfileRequest;
      let cleared = 0;
      for (const c of cp.connectors) {
        if (criteria?.evseId !== undefined && criteria.evseId !== 0 && criteria.evseId !== c.id) continue;
        for (const [id, profile] of c.chargingProfiles) {
          const p = profile as unknown as Ocpp201.ChargingProfileType;
          if (chargingProfileId !== undefined && chargingProfileId !== id) continue;
          if (criteria?.chargingProfilePurpose !== undefined && criteria.chargingProfilePurpose !== p.chargingProfilePurpose) continue;
          if (criteria?.stackLevel !== undefined && criteria.stackLevel !== p.stackLevel) continue;
          c.chargingProfiles.delete(id);
          cleared += 1;
        }
      }
      return answer({ status: cleared > 0 ? 'Accepted' : 'Unknown' } satisfies Ocpp201.ClearChargingProfileResponse);
    },

    ChangeAvailability(payload) {
      const { operationalStatus, evse } = payload as unknown as Ocpp201.ChangeAvailabilityRequest;
      const targets = evse === undefined || evse.id === 0 ? cp.connectors : [find(evse.id)].filter((c) => c !== undefined);
      if (targets.length === 0 || (evse?.connectorId !== undefined && evse.connectorId !== 1)) {
        return answer({ status: 'Rejected' } satisfies Ocpp201.ChangeAvailabilityResponse);
      }
      let scheduled = false;
      const now: Connector[] = [];
      for (const c of targets) {
        if (c.transaction !== undefined) {
          c.scheduledAvailability = operationalStatus;
          scheduled = true;
        } else {
          c.availability = operationalStatus;
          now.push(c);
        }
      }
      return answer({ status: scheduled ? 'Scheduled' : 'Accepted' } satisfies Ocpp201.ChangeAvailabilityResponse, () => {
        for (const c of now) cp.background(cp.statusNotification(c.id, operationalStatus === 'Inoperative' ? 'Unavailable' : 'Available'));
      });
    },

    GetVariables(payload) {
      const { getVariableData } = payload as unknown as Ocpp201.GetVariablesRequest;
      const getVariableResult = getVariableData.map((data): Ocpp201.GetVariableResultType => {
        const setting = cp.settings.get(`${data.component.name}.${data.variable.name}`);
        const base = { component: data.component, variable: data.variable };
        if (WRITE_ONLY_SETTINGS.has(`${data.component.name}.${data.variable.name}`)) return { ...base, attributeStatus: 'Rejected' };
        if (setting !== undefined) return { ...base, attributeStatus: 'Accepted', attributeValue: setting.value };
        return { ...base, attributeStatus: cp.settings.hasComponent(data.component.name) ? 'UnknownVariable' : 'UnknownComponent' };
      });
      return answer({ getVariableResult } satisfies Ocpp201.GetVariablesResponse);
    },

    SetVariables(payload) {
      const { setVariableData } = payload as unknown as Ocpp201.SetVariablesRequest;
      const setVariableResult = setVariableData.map((data): Ocpp201.SetVariableResultType => {
        const key = `${data.component.name}.${data.variable.name}`;
        const setting = cp.settings.get(key);
        const base = { component: data.component, variable: data.variable };
        if (setting === undefined) {
          return { ...base, attributeStatus: cp.settings.hasComponent(data.component.name) ? 'UnknownVariable' : 'UnknownComponent' };
        }
        const numeric = data.variable.name.endsWith('Interval') || data.variable.name.endsWith('TimeOut') || key === 'WebPaymentsCtrlr.ValidityTime' || key === 'WebPaymentsCtrlr.Length';
        if (setting.readonly || (numeric && !/^\d+$/.test(data.attributeValue))) return { ...base, attributeStatus: 'Rejected' };
        cp.settings.put(key, data.attributeValue);
        return { ...base, attributeStatus: 'Accepted' };
      });
      return answer({ setVariableResult } satisfies Ocpp201.SetVariablesResponse, () => cp.applySettings());
    },

    TriggerMessage(payload) {
      const { requestedMessage, evse } = payload as unknown as Ocpp201.TriggerMessageRequest;
      if (evse !== undefined && find(evse.id) === undefined) return answer({ status: 'Rejected' } satisfies Ocpp201.TriggerMessageResponse);
      const targets = evse === undefined ? cp.connectors : [find(evse.id) as Connector];
      const send: Partial<Record<string, () => void>> = {
        BootNotification: () => cp.background(cp.boot('Triggered')),
        Heartbeat: () => cp.background(cp.heartbeat()),
        MeterValues: () => targets.forEach((c) => cp.background(cp.sendMeterValues(c.id, 'Trigger'))),
        TransactionEvent: () =>
          targets.filter((c) => c.transaction !== undefined).forEach((c) => cp.background(cp.sendMeterValues(c.id, 'Trigger'))),
        StatusNotification: () => targets.forEach((c) => cp.background(cp.statusNotification(c.id, c.status, c.errorCode))),
        FirmwareStatusNotification: () => cp.background(cp.firmwareStatus('Idle')),
        LogStatusNotification: () => cp.background(cp.diagnosticsStatus('Idle')),
        SignChargingStationCertificate: () => cp.background(requestStationCertificate(cp)),
      };
      const after = send[requestedMessage];
      if (after === undefined) return answer({ status: 'NotImplemented' } satisfies Ocpp201.TriggerMessageResponse);
      return answer({ status: 'Accepted' } satisfies Ocpp201.TriggerMessageResponse, after);
    },

    NotifyWebPaymentStarted(payload) {
      const { evseId, timeout } = payload as unknown as { evseId: number; timeout: number };
      cp.webPaymentsStarted.push({ evseId, timeoutSeconds: timeout, at: new Date() });
      return answer({});
    },

    ClearCache() {
      return answer({ status: 'Accepted' } satisfies Ocpp201.ClearCacheResponse);
    },

    DataTransfer(payload) {
      const request = payload as unknown as Ocpp201.DataTransferRequest;
      return answer(cp.options.dataTransfer?.(request) ?? ({ status: 'UnknownVendorId' } satisfies Ocpp201.DataTransferResponse));
    },

    GetTransactionStatus(payload) {
      const { transactionId } = payload as unknown as Ocpp201.GetTransactionStatusRequest;
      const messagesInQueue = cp.link.queued > 0;
      if (transactionId === undefined) return answer({ messagesInQueue } satisfies Ocpp201.GetTransactionStatusResponse);
      const ongoingIndicator = cp.connectors.some((c) => c.transaction?.transactionId === transactionId);
      return answer({ messagesInQueue, ongoingIndicator } satisfies Ocpp201.GetTransactionStatusResponse);
    },

    GetLog(payload) {
      const { requestId } = payload as unknown as Ocpp201.GetLogRequest;
      return answer({ status: 'Accepted', filename: `${cp.id}.log` } satisfies Ocpp201.GetLogResponse, () =>
        cp.background((async () => {
          await cp.diagnosticsStatus('Uploading', requestId);
          await cp.diagnosticsStatus('Uploaded', requestId);
        })()),
      );
    },

    UpdateFirmware(payload) {
      const { requestId } = payload as unknown as Ocpp201.UpdateFirmwareRequest;
      return answer({ status: 'Accepted' } satisfies Ocpp201.UpdateFirmwareResponse, () =>
        cp.background((async () => {
          for (const status of ['Downloading', 'Downloaded', 'Installing', 'Installed']) await cp.firmwareStatus(status, requestId);
        })()),
      );
    },

    GetBaseReport() {
      return answer({ status: 'NotSupported' } satisfies Ocpp201.GetBaseReportResponse);
    },

    ReserveNow() {
      return answer({ status: 'Rejected' } satisfies Ocpp201.ReserveNowResponse);
    },

    CancelReservation() {
      return answer({ status: 'Rejected' } satisfies Ocpp201.CancelReservationResponse);
    },

    ...stationCertificateCalls(cp),
  };
}
