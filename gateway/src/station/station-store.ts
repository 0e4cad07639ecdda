import { NotFoundError, type Database } from '@csms/db';
import type { StationStore } from '../ocpp/context.ts';
import { BatchedReader } from './batched-reader.ts';
import type { StationWriter } from './station-writer.ts';

/**
 * The handlers' {@link StationStore}: writes through the node's {@link StationWriter}, reads straight from the
 * database (transaction rows of all the node's stations together: {@link BatchedReader}). A boot of a station with open sessions tells each session (`stationRebooted`), and so does a connector
 * reporting `Available` with a session open on it (`connectorAvailable`): their workflows close such sessions after a
 * grace period (DESIGN.md §3 "Reboot without stop"); the gateway itself closes nothing.
 */
export function createStationStore(db: Database, writer: StationWriter): StationStore {
  const transactions = new BatchedReader((ids: readonly number[]) => db.bulk.transactions(ids), (row) => row.id);
  return {
    recordBoot: async (stationId, boot, at, reread) => {
      await writer.boot({ chargePointId: stationId, boot, at });
      if (!reread) return undefined;
      // a pending station: an admin may have accepted it since it connected
      const station = await db.chargePoints.get(stationId);
      if (station === null) throw new NotFoundError(`charge point "${stationId}" does not exist`);
      return { registrationStatus: station.registrationStatus, heartbeatInterval: station.heartbeatInterval };
    },
    recordStatus: (stationId, report) =>
      writer.status({
        chargePointId: stationId,
        evseId: report.evseId,
        connectorId: report.connectorId,
        ocppStatus: report.ocppStatus,
        errorCode: report.errorCode,
        info: report.info,
        at: report.at,
      }),
    recordMeter: (write) => writer.meter(write),
    transaction: (id) => transactions.get(id),
    transactionByStartKey: (stationId, startKey) => db.transactions.findByStartKey(stationId, startKey),
    paymentOfSession: (workflowId) => db.payments.getByWorkflowId(workflowId),
    openTransactionsOfTag: (tagId) => db.transactions.list({ tag: tagId, open: true, limit: 5 }),
    write: (work) => writer.run(work),
    meterStats: writer.stats,
  };
}
