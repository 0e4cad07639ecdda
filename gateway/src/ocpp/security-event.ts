import type { GatewayContext } from './context.ts';

/**
 * Stores a SecurityEventNotification (1.6 security whitepaper, 2.x A04) in the node writer's next transaction — the
 * messages are rare, so one repository write rides along with the batch — and logs it as a warning. A timestamp a
 * station got wrong is replaced by the arrival time rather than refusing the event.
 */
export async function recordSecurityEvent(context: GatewayContext, event: { type: string; timestamp: string; techInfo?: string }): Promise<void> {
  const receivedAt = context.clock.now();
  const stamped = new Date(event.timestamp);
  const occurredAt = Number.isNaN(stamped.getTime()) ? receivedAt : stamped;
  const stored = await context.db.write((tx) =>
    tx.securityEvents.record({ chargePointId: context.stationId, type: event.type, occurredAt, receivedAt, techInfo: event.techInfo ?? null }),
  );
  context.logger.warn({ type: event.type, critical: stored.critical, timestamp: event.timestamp, techInfo: event.techInfo }, 'security event');
}
