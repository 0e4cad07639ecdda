import type { JsonObject, Ocpp16 } from '@csms/gateway/protocol';
import { InvalidStateError } from '../../errors.ts';
import type { ChargePoint } from '../charge-point.ts';
import type { BootResult, Dialect, ReadingContext } from '../dialect.ts';
import { json, typed } from '../json.ts';
import type { Connector, Transaction } from '../state.ts';
import { rememberParent16 } from './reservations16.ts';
import { serverCalls16 } from './server-calls16.ts';

type MeterValue = Ocpp16.MeterValuesRequest['meterValue'][number];

/** 1.6 stop reasons; anything else the caller says is sent as `Other`. */
const REASONS_16 = new Set([
  'EmergencyStop', 'EVDisconnected', 'HardReset', 'Local', 'Other', 'PowerLoss', 'Reboot', 'Remote', 'SoftReset',
  'UnlockCommand', 'DeAuthorized',
]);

/** 1.6 meter reading: register, power, SoC and per-phase values, all as strings as 1.6 requires. */
export function meterValue16(connector: Connector, context: ReadingContext): MeterValue {
  return {
    timestamp: new Date().toISOString(),
    sampledValue: connector.meter.sample().map((s) => ({
      value: String(s.value),
      context,
      measurand: s.measurand,
      unit: s.unit,
      ...(s.phase === undefined ? {} : { phase: s.phase }),
      ...(s.location === undefined ? {} : { location: s.location }),
    })),
  };
}

function transactionId16(tx: Transaction): number {
  if (typeof tx.transactionId !== 'number') {
    throw new InvalidStateError(`the server never assigned a transactionId to the transaction on connector ${tx.connectorId}`);
  }
  return tx.transactionId;
}

/** The OCPP 1.6J dialect of a {@link ChargePoint}. */
export function createDialect16(cp: ChargePoint): Dialect {
  const link = cp.link;
  const now = () => new Date().toISOString();
  return {
    async boot(_reason, front): Promise<BootResult> {
      const request: Ocpp16.BootNotificationRequest = {
        chargePointVendor: cp.options.vendor ?? 'CSMS',
        chargePointModel: cp.options.model ?? 'Simulator',
        ...(cp.options.serialNumber === undefined ? {} : { chargePointSerialNumber: cp.options.serialNumber }),
        ...(cp.options.firmwareVersion === undefined ? {} : { firmwareVersion: cp.options.firmwareVersion }),
      };
      const answer = typed<Ocpp16.BootNotificationResponse>(await link.call('BootNotification', json(request), { front }));
      return { status: answer.status, interval: answer.interval, currentTime: answer.currentTime };
    },

    async heartbeat() {
      return typed<Ocpp16.HeartbeatResponse>(await link.call('Heartbeat', {})).currentTime;
    },

    async status(connector, front) {
      // Connector 0 is the charge point itself: Unavailable only when every connector is.
      const payload = (): JsonObject => {
        const request: Ocpp16.StatusNotificationRequest =
          connector === undefined
            ? {
                connectorId: 0,
                errorCode: 'NoError',
                status: cp.connectors.every((c) => c.status === 'Unavailable') ? 'Unavailable' : 'Available',
                timestamp: now(),
              }
            : {
                connectorId: connector.id,
                errorCode: connector.errorCode as Ocpp16.StatusNotificationRequest['errorCode'],
                status: connector.status,
                timestamp: now(),
              };
        return json(request);
      };
      await link.call('StatusNotification', front ? payload : payload(), { front: front ?? false });
    },

    async authorize(idTag) {
      const request: Ocpp16.AuthorizeRequest = { idTag };
      const { idTagInfo } = typed<Ocpp16.AuthorizeResponse>(await link.call('Authorize', json(request)));
      rememberParent16(cp, idTag, idTagInfo.parentIdTag);
      return idTagInfo.status;
    },

    async start(connector, tx) {
      const request: Ocpp16.StartTransactionRequest = {
        connectorId: connector.id,
        idTag: tx.idTag,
        meterStart: tx.meterStartWh,
        timestamp: tx.startedAt.toISOString(),
        ...(tx.reservationId === undefined ? {} : { reservationId: tx.reservationId }),
      };
      const answer = typed<Ocpp16.StartTransactionResponse>(
        await link.call('StartTransaction', json(request), { queueOffline: true }),
      );
      tx.transactionId = answer.transactionId;
      tx.authorizationStatus = answer.idTagInfo.status;
      rememberParent16(cp, tx.idTag, answer.idTagInfo.parentIdTag);
    },

    async chargingStateChanged() {
      // 1.6 says this with StatusNotification alone.
    },

    async meterValues(connector, context) {
      const tx = connector.transaction;
      const reading = meterValue16(connector, context);
      if (tx === undefined) {
        const request: Ocpp16.MeterValuesRequest = { connectorId: connector.id, meterValue: [reading] };
        await link.call('MeterValues', json(request));
        return;
      }
      // Transaction meter values wait offline like Start/Stop (1.6 §4.7); the id is known only once the start is answered.
      await link.call(
        'MeterValues',
        () => json({ connectorId: connector.id, transactionId: transactionId16(tx), meterValue: [reading] } satisfies Ocpp16.MeterValuesRequest),
        { queueOffline: true },
      );
    },

    async stop(connector, tx, reason) {
      const meterStop = connector.meter.registerWh;
      const timestamp = now();
      const transactionData = [meterValue16(connector, 'Transaction.End')];
      await link.call(
        'StopTransaction',
        () =>
          json({
            transactionId: transactionId16(tx),
            idTag: tx.idTag,
            meterStop,
            timestamp,
            reason: (REASONS_16.has(reason) ? reason : 'Other') as Ocpp16.StopTransactionRequest['reason'],
            transactionData,
          } satisfies Ocpp16.StopTransactionRequest),
        { queueOffline: true },
      );
    },

    async dataTransfer(vendorId, messageId, data) {
      const request: Ocpp16.DataTransferRequest = {
        vendorId,
        ...(messageId === undefined ? {} : { messageId }),
        ...(data === undefined ? {} : { data }),
      };
      return link.call('DataTransfer', json(request));
    },

    async firmwareStatus(status) {
      await link.call('FirmwareStatusNotification', { status });
    },

    async diagnosticsStatus(status) {
      await link.call('DiagnosticsStatusNotification', { status });
    },

    handlers: serverCalls16(cp),
  };
}
