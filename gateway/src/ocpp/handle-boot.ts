import type { BootInfo } from '@csms/db';
import type { BootOutcome, GatewayContext } from './context.ts';

/** How soon a pending station should boot again, at most (it learns of its acceptance only by booting). */
const PENDING_RETRY_SECONDS = 60;

/**
 * Stores a BootNotification and answers it (every version). A station accepted when it connected is answered from
 * the connection's snapshot (one write, no read: reboot storms); a pending one is re-read, since an admin may have
 * accepted it meanwhile.
 */
export async function handleBoot(
  context: GatewayContext,
  boot: Partial<BootInfo>,
): Promise<{ status: 'Accepted' | 'Pending'; currentTime: string; interval: number }> {
  const at = context.clock.now();
  const pending = context.station.registrationStatus === 'Pending';
  const outcome = await context.db.recordBoot(context.stationId, boot, at, pending);
  return bootResponse(context, outcome ?? { registrationStatus: 'Accepted', heartbeatInterval: context.station.heartbeatInterval }, at);
}

/**
 * The BootNotification answer of every version, from the stored outcome. It also updates the connection's state:
 * a station stays `Pending` (other messages refused with SecurityError) until a boot is answered `Accepted`.
 */
function bootResponse(
  context: GatewayContext,
  outcome: BootOutcome,
  at: Date,
): { status: 'Accepted' | 'Pending'; currentTime: string; interval: number } {
  context.station.registrationStatus = outcome.registrationStatus;
  context.station.heartbeatInterval = outcome.heartbeatInterval;
  if (outcome.registrationStatus === 'Pending') {
    context.logger.info({}, 'boot answered Pending: the station waits for an admin to accept it');
    // While Pending, `interval` is the wait before the next BootNotification (1.6 §4.2, 2.0.1 B02.FR.01).
    return { status: 'Pending', currentTime: at.toISOString(), interval: Math.min(outcome.heartbeatInterval, PENDING_RETRY_SECONDS) };
  }
  return { status: 'Accepted', currentTime: at.toISOString(), interval: outcome.heartbeatInterval };
}
