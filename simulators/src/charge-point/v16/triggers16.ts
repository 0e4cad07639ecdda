import type { ChargePoint } from '../charge-point.ts';

/**
 * What a 1.6 station sends when the central system triggers one of the messages both TriggerMessage and the security
 * whitepaper's ExtendedTriggerMessage name, for `connectorId` (absent or 0: every connector; the station itself for
 * StatusNotification when absent). `undefined` for a connector the station does not have (the answer is Rejected).
 */
export function commonTriggers16(cp: ChargePoint, connectorId: number | undefined): Record<'BootNotification' | 'Heartbeat' | 'MeterValues' | 'StatusNotification', () => void> | undefined {
  const named = connectorId === undefined || connectorId === 0 ? undefined : cp.connectors[connectorId - 1];
  if (connectorId !== undefined && connectorId !== 0 && named === undefined) return undefined;
  const targets = named === undefined ? cp.connectors : [named];
  return {
    BootNotification: () => cp.background(cp.boot()),
    Heartbeat: () => cp.background(cp.heartbeat()),
    MeterValues: () => targets.forEach((c) => cp.background(cp.sendMeterValues(c.id, 'Trigger'))),
    StatusNotification: () =>
      connectorId === undefined ? cp.background(cp.reportAllStatuses()) : cp.background(cp.statusNotification(connectorId, named?.status ?? 'Available')),
  };
}
