import { NotFoundError, type BootInfo } from '@csms/db';
import type { BootOutcome, ConnectorStatusReport, StationStore } from '../ocpp/context.ts';
import { sessionEvent } from '../transactions/session-events.ts';
import type { GroupCommit } from './group-commit.ts';

/**
 * The handlers' {@link StationStore} over the database, writing through the gateway's group commit. A boot of a
 * station with open sessions tells each session (`stationRebooted`), and so does a connector reporting `Available`
 * with a session open on it (`connectorAvailable`): their workflows close such sessions after a grace period
 * (DESIGN.md §3 "Reboot without stop"); the gateway itself closes nothing.
 */
export function createStationStore(writes: GroupCommit): StationStore {
  return {
    recordBoot: (stationId: string, boot: Partial<BootInfo>, at: Date, reread: boolean): Promise<BootOutcome | undefined> =>
      writes.run(async (tx) => {
        await tx.chargePoints.recordBoot(stationId, boot, at);
        for (const open of await tx.transactions.listOpen(stationId)) {
          await tx.outbox.append(sessionEvent('stationRebooted', open, at, at, { reason: boot.reason ?? undefined, evseId: open.evseId }));
        }
        if (!reread) return undefined;
        const station = await tx.chargePoints.get(stationId);
        if (station === null) throw new NotFoundError(`charge point "${stationId}" does not exist`);
        return { registrationStatus: station.registrationStatus, heartbeatInterval: station.heartbeatInterval };
      }),
    recordStatus: (stationId: string, report: ConnectorStatusReport): Promise<void> =>
      writes.run(async (tx) => {
        await tx.connectors.recordStatus(
          { chargePointId: stationId, evseId: report.evseId, connectorId: report.connectorId },
          { ocppStatus: report.ocppStatus, errorCode: report.errorCode, info: report.info, at: report.at },
        );
        if (report.ocppStatus !== 'Available') return;
        for (const open of await tx.transactions.listOpen(stationId, report.evseId)) {
          if (open.connectorId !== report.connectorId) continue;
          await tx.outbox.append(sessionEvent('connectorAvailable', open, report.at, new Date(), { evseId: open.evseId, connectorId: open.connectorId }));
        }
      }),
  };
}
