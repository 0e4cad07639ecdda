import type { Ocpp16HandlerTable } from '../../actor/handler.ts';
import type { GatewayContext } from '../context.ts';
import { guardPending } from '../pending-guard.ts';
import { authorize16 } from './authorize.ts';
import { bootNotification16 } from './boot-notification.ts';
import { dataTransfer16 } from './data-transfer.ts';
import { diagnosticsStatusNotification16 } from './diagnostics-status-notification.ts';
import { firmwareStatusNotification16 } from './firmware-status-notification.ts';
import { heartbeat16 } from './heartbeat.ts';
import { logStatusNotification16 } from './log-status-notification.ts';
import { meterValues16 } from './meter-values.ts';
import { securityEventNotification16 } from './security-event-notification.ts';
import { signCertificate16 } from './sign-certificate.ts';
import { signedFirmwareStatusNotification16 } from './signed-firmware-status-notification.ts';
import { startTransaction16 } from './start-transaction.ts';
import { statusNotification16 } from './status-notification.ts';
import { stopTransaction16 } from './stop-transaction.ts';

/** The gateway's OCPP 1.6 handler table (complete by `satisfies`), with pending stations limited to BootNotification. */
export function createHandlers16(): Ocpp16HandlerTable<GatewayContext> {
  return guardPending({
    Authorize: authorize16,
    BootNotification: bootNotification16,
    DataTransfer: dataTransfer16,
    DiagnosticsStatusNotification: diagnosticsStatusNotification16,
    FirmwareStatusNotification: firmwareStatusNotification16,
    Heartbeat: heartbeat16,
    LogStatusNotification: logStatusNotification16,
    MeterValues: meterValues16,
    SecurityEventNotification: securityEventNotification16,
    SignCertificate: signCertificate16,
    SignedFirmwareStatusNotification: signedFirmwareStatusNotification16,
    StartTransaction: startTransaction16,
    StatusNotification: statusNotification16,
    StopTransaction: stopTransaction16,
  } satisfies Ocpp16HandlerTable<GatewayContext>);
}
