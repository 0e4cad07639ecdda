import type { StationFileJobKind } from '@csms/db';
import type { GatewayContext } from '../context.ts';

/**
 * Appends a firmware, diagnostics or log status to the station's job in the node writer's next transaction (these
 * messages are rare, so one small repository write rides along with the batch). A status nobody asked for (e.g. the
 * `Idle` of a TriggerMessage) matches no job and is only logged.
 */
export async function recordStationFileStatus(
  context: GatewayContext,
  kinds: readonly StationFileJobKind[],
  status: string,
  requestId: number | undefined,
): Promise<void> {
  const at = context.clock.now();
  const jobId = await context.db.write((tx) => tx.stationFiles.recordStatus(context.stationId, kinds, requestId, status, at));
  context.logger.info({ status, requestId, jobId }, jobId === null ? `${kinds[0]} status for no open job` : `${kinds[0]} status`);
}
