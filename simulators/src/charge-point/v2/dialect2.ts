import type { JsonObject, Ocpp201 } from '@csms/gateway/protocol';
import type { ChargePoint } from '../charge-point.ts';
import type { BootResult, Dialect, ReadingContext } from '../dialect.ts';
import { json, typed } from '../json.ts';
import { type Connector, connectorStatus2, type Transaction } from '../state.ts';
import { serverCalls2 } from './server-calls2.ts';

type Reason = Ocpp201.ReasonEnumType;
type TriggerReason = Ocpp201.TriggerReasonEnumType;

/** 2.x stoppedReason for a stop reason given in either version's vocabulary. */
export function stoppedReason2(reason: string): Reason {
  switch (reason) {
    case 'HardReset':
    case 'SoftReset':
      return 'ImmediateReset';
    case 'UnlockCommand':
      return 'Other';
    case 'DeAuthorized': case 'EmergencyStop': case 'EnergyLimitReached': case 'EVDisconnected': case 'GroundFault':
    case 'ImmediateReset': case 'Local': case 'LocalOutOfCredit': case 'MasterPass': case 'Other': case 'OvercurrentFault':
    case 'PowerLoss': case 'PowerQuality': case 'Reboot': case 'Remote': case 'SOCLimitReached': case 'StoppedByEV':
    case 'TimeLimitReached': case 'Timeout':
      return reason;
    default:
      return 'Other';
  }
}

/** The triggerReason of the TransactionEvent Ended for a stop reason (2.0.1 E06 / E07 use cases). */
function stopTrigger(reason: Reason): TriggerReason {
  const triggers: Partial<Record<Reason, TriggerReason>> = {
    Local: 'StopAuthorized',
    Remote: 'RemoteStop',
    EVDisconnected: 'EVCommunicationLost',
    DeAuthorized: 'Deauthorized',
    ImmediateReset: 'ResetCommand',
    Reboot: 'ResetCommand',
    EnergyLimitReached: 'EnergyLimitReached',
    TimeLimitReached: 'TimeLimitReached',
    Timeout: 'EVConnectTimeout',
  };
  return triggers[reason] ?? 'AbnormalCondition';
}

/** 2.x meter reading: numeric values with a unit of measure. */
export function meterValue2(connector: Connector, context: ReadingContext): Ocpp201.MeterValueType {
  return {
    timestamp: new Date().toISOString(),
    sampledValue: connector.meter.sample().map((s) => ({
      value: s.value,
      context,
      measurand: s.measurand,
      unitOfMeasure: { unit: s.unit },
      ...(s.phase === undefined ? {} : { phase: s.phase }),
      ...(s.location === undefined ? {} : { location: s.location }),
    })),
  };
}

function chargingState(connector: Connector): Ocpp201.ChargingStateEnumType {
  switch (connector.status) {
    case 'Charging':
    case 'SuspendedEV':
    case 'SuspendedEVSE':
      return connector.status;
    default:
      return 'EVConnected';
  }
}

/** The OCPP 2.0.1 / 2.1 dialect of a {@link ChargePoint} (one connector per EVSE). */
export function createDialect2(cp: ChargePoint): Dialect {
  const link = cp.link;
  const now = () => new Date().toISOString();
  const idToken = (idTag: string): Ocpp201.IdTokenType => ({ idToken: idTag, type: 'ISO14443' });

  /** Sends a TransactionEvent; built now so `seqNo` and `offline` say when it happened, not when it was sent. */
  const transactionEvent = (tx: Transaction, event: Omit<Ocpp201.TransactionEventRequest, 'seqNo' | 'timestamp' | 'transactionInfo'> & { transactionInfo?: Partial<Ocpp201.TransactionType> }) => {
    const request: Ocpp201.TransactionEventRequest = {
      ...event,
      timestamp: now(),
      seqNo: tx.seqNo++,
      transactionInfo: { transactionId: String(tx.transactionId), ...event.transactionInfo },
      ...(link.online ? {} : { offline: true }),
    };
    return link.call('TransactionEvent', json(request), { queueOffline: true });
  };

  return {
    async boot(reason, front): Promise<BootResult> {
      const request: Ocpp201.BootNotificationRequest = {
        reason: reason as Ocpp201.BootReasonEnumType,
        chargingStation: {
          model: cp.options.model ?? 'Simulator',
          vendorName: cp.options.vendor ?? 'CSMS',
          ...(cp.options.serialNumber === undefined ? {} : { serialNumber: cp.options.serialNumber }),
          ...(cp.options.firmwareVersion === undefined ? {} : { firmwareVersion: cp.options.firmwareVersion }),
        },
      };
      const answer = typed<Ocpp201.BootNotificationResponse>(await link.call('BootNotification', json(request), { front }));
      return { status: answer.status, interval: answer.interval, currentTime: answer.currentTime };
    },

    async heartbeat() {
      return typed<Ocpp201.HeartbeatResponse>(await link.call('Heartbeat', {})).currentTime;
    },

    async status(connector, front) {
      if (connector === undefined) return;
      const payload = (): JsonObject =>
        json({
          timestamp: now(),
          connectorStatus: connectorStatus2(connector.status),
          evseId: connector.id,
          connectorId: 1,
        } satisfies Ocpp201.StatusNotificationRequest);
      await link.call('StatusNotification', front ? payload : payload(), { front: front ?? false });
    },

    async authorize(idTag) {
      const request: Ocpp201.AuthorizeRequest = { idToken: idToken(idTag) };
      return typed<Ocpp201.AuthorizeResponse>(await link.call('Authorize', json(request))).idTokenInfo.status;
    },

    async start(connector, tx, remote) {
      if (tx.awaitingAuthorization) {
        // E02 (cable plugin first): TxStartPoint EVConnected opens the transaction with no id token yet
        await transactionEvent(tx, {
          eventType: 'Started',
          triggerReason: 'CablePluggedIn',
          transactionInfo: { chargingState: 'EVConnected' },
          evse: { id: connector.id, connectorId: 1 },
          meterValue: [meterValue2(connector, 'Transaction.Begin')],
        });
        return;
      }
      const answer = typed<Ocpp201.TransactionEventResponse>(
        await transactionEvent(tx, {
          eventType: 'Started',
          triggerReason: remote ? 'RemoteStart' : 'Authorized',
          transactionInfo: {
            chargingState: 'Charging',
            ...(tx.remoteStartId === undefined ? {} : { remoteStartId: tx.remoteStartId }),
          },
          idToken: idToken(tx.idTag),
          evse: { id: connector.id, connectorId: 1 },
          meterValue: [meterValue2(connector, 'Transaction.Begin')],
        }),
      );
      tx.authorizationStatus = answer.idTokenInfo?.status ?? 'Accepted';
    },

    async authorizeOpen(connector, tx, remote) {
      // E02 / F02: the authorization of a transaction that began at plug-in is an Updated event with the id token
      const answer = typed<Ocpp201.TransactionEventResponse>(
        await transactionEvent(tx, {
          eventType: 'Updated',
          triggerReason: remote ? 'RemoteStart' : 'Authorized',
          transactionInfo: {
            chargingState: 'Charging',
            ...(tx.remoteStartId === undefined ? {} : { remoteStartId: tx.remoteStartId }),
          },
          idToken: idToken(tx.idTag),
          meterValue: [meterValue2(connector, 'Sample.Periodic')],
        }),
      );
      tx.authorizationStatus = answer.idTokenInfo?.status ?? 'Accepted';
    },

    async chargingStateChanged(connector) {
      const tx = connector.transaction;
      if (tx === undefined) return;
      await transactionEvent(tx, {
        eventType: 'Updated',
        triggerReason: 'ChargingStateChanged',
        transactionInfo: { chargingState: chargingState(connector) },
      });
    },

    async meterValues(connector, context) {
      const tx = connector.transaction;
      if (tx === undefined) {
        const request: Ocpp201.MeterValuesRequest = { evseId: connector.id, meterValue: [meterValue2(connector, context)] };
        await link.call('MeterValues', json(request));
        return;
      }
      await transactionEvent(tx, {
        eventType: 'Updated',
        triggerReason: context === 'Trigger' ? 'Trigger' : 'MeterValuePeriodic',
        transactionInfo: { chargingState: chargingState(connector) },
        meterValue: [meterValue2(connector, context)],
      });
    },

    async stop(connector, tx, reason) {
      const stoppedReason = stoppedReason2(reason);
      await transactionEvent(tx, {
        eventType: 'Ended',
        triggerReason: stopTrigger(stoppedReason),
        transactionInfo: { stoppedReason, chargingState: 'EVConnected' },
        evse: { id: connector.id, connectorId: 1 },
        meterValue: [meterValue2(connector, 'Transaction.End')],
      });
    },

    async dataTransfer(vendorId, messageId, data) {
      const request: Ocpp201.DataTransferRequest = {
        vendorId,
        ...(messageId === undefined ? {} : { messageId }),
        ...(data === undefined ? {} : { data }),
      };
      return link.call('DataTransfer', json(request));
    },

    async firmwareStatus(status, requestId) {
      await link.call('FirmwareStatusNotification', { status, ...(requestId === undefined ? {} : { requestId }) });
    },

    async diagnosticsStatus(status, requestId) {
      await link.call('LogStatusNotification', { status, ...(requestId === undefined ? {} : { requestId }) });
    },

    handlers: serverCalls2(cp),
  };
}
