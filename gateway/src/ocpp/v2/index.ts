import type { Ocpp201HandlerTable, Ocpp21HandlerTable } from '../../actor/handler.ts';
import type { GatewayContext } from '../context.ts';
import { guardPending } from '../pending-guard.ts';
import { authorize2 } from './authorize.ts';
import { bootNotification2 } from './boot-notification.ts';
import { clearedChargingLimit2 } from './cleared-charging-limit.ts';
import { dataTransfer2 } from './data-transfer.ts';
import { firmwareStatusNotification2 } from './firmware-status-notification.ts';
import { heartbeat2 } from './heartbeat.ts';
import { logStatusNotification2 } from './log-status-notification.ts';
import { meterValues2 } from './meter-values.ts';
import { notifyChargingLimit2 } from './notify-charging-limit.ts';
import { notifyEVChargingSchedule2 } from './notify-ev-charging-schedule.ts';
import { notifyEvent2 } from './notify-event.ts';
import { notifyReport2 } from './notify-report.ts';
import { securityEventNotification2 } from './security-event-notification.ts';
import { signCertificate2 } from './sign-certificate.ts';
import { statusNotification2 } from './status-notification.ts';
import { transactionEvent2 } from './transaction-event.ts';

const handlers2 = {
  Authorize: authorize2,
  BootNotification: bootNotification2,
  ClearedChargingLimit: clearedChargingLimit2,
  DataTransfer: dataTransfer2,
  FirmwareStatusNotification: firmwareStatusNotification2,
  Heartbeat: heartbeat2,
  LogStatusNotification: logStatusNotification2,
  MeterValues: meterValues2,
  NotifyChargingLimit: notifyChargingLimit2,
  NotifyEVChargingSchedule: notifyEVChargingSchedule2,
  NotifyEvent: notifyEvent2,
  NotifyReport: notifyReport2,
  SecurityEventNotification: securityEventNotification2,
  SignCertificate: signCertificate2,
  StatusNotification: statusNotification2,
  TransactionEvent: transactionEvent2,
};

/** The gateway's OCPP 2.0.1 handler table (complete by `satisfies`). */
export function createHandlers201(): Ocpp201HandlerTable<GatewayContext> {
  return guardPending({ ...handlers2 } satisfies Ocpp201HandlerTable<GatewayContext>);
}

/** The gateway's OCPP 2.1 handler table: the same handlers, checked against the 2.1 types. */
export function createHandlers21(): Ocpp21HandlerTable<GatewayContext> {
  return guardPending({ ...handlers2 } satisfies Ocpp21HandlerTable<GatewayContext>);
}
