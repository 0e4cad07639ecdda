import { NotFoundError, type BootInfo } from '@csms/db';
import type { BootOutcome, ConnectorStatusReport, StationStore } from '../ocpp/context.ts';
import type { GroupCommit } from './group-commit.ts';

/** The handlers' {@link StationStore} over the database, writing through the gateway's group commit. */
export function createStationStore(writes: GroupCommit): StationStore {
  return {
    recordBoot: (stationId: string, boot: Partial<BootInfo>, at: Date, reread: boolean): Promise<BootOutcome | undefined> =>
      writes.run(async (tx) => {
        await tx.chargePoints.recordBoot(stationId, boot, at);
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
      }),
  };
}
