import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '@csms/db';
import { FailureType, ocppVersionOf, type CommandActivities, type InvalidCommandReason } from '@csms/temporal';
import { buildStationCall, type StationCallContext } from '../commands/station-call.ts';
import { UnsupportedCommandError } from '../errors.ts';

function invalid(reason: InvalidCommandReason, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureType.InvalidCommand, message, details: [{ reason }], nonRetryable: true });
}

/** A positive 31-bit remoteStartId derived from the command id, so a retried activity asks for the same one. */
export function remoteStartIdFor(commandId: string): number {
  return (createHash('sha256').update(commandId).digest().readUInt32BE(0) & 0x7fffffff) || 1;
}


/** The command workflow's worker-side activities: read-only lookups, safe to retry. */
export function createCommandActivities(database: Database): CommandActivities {
  return {
    async prepareStationCall({ chargePointId, commandId, command }) {
      const station = await database.chargePoints.get(chargePointId);
      if (!station || station.deletedAt) throw invalid('UnknownChargePoint', `unknown charge point ${chargePointId}`);
      const version = ocppVersionOf(station.protocol);
      if (!station.online || !station.nodeId || !version) {
        throw ApplicationFailure.create({ type: FailureType.ChargePointOffline, message: `${chargePointId} is not connected`, nonRetryable: true });
      }

      const context: { -readonly [K in keyof StationCallContext]: StationCallContext[K] } = { version };
      if (command.type === 'remoteStart') {
        const authorization = await database.chargeTags.authorize(command.idTag, new Date());
        if (authorization.status !== 'Accepted') {
          throw invalid('TagNotAccepted', `tag ${command.idTag} is not accepted (${authorization.status})`);
        }
        context.remoteStartId = remoteStartIdFor(commandId);
        context.idTokenType = (await database.chargeTags.get(command.idTag))?.tokenType ?? 'Central';
      }
      if (command.type === 'remoteStop') {
        // the transaction the operator named, else the newest: an older open row on the same connector is likely stale
        const open =
          command.transactionId === undefined
            ? (await database.transactions.listOpen(chargePointId, command.connectorId)).at(-1)
            : await database.transactions.get(command.transactionId);
        if (!open || open.chargePointId !== chargePointId || open.evseId !== command.connectorId || open.status !== 'Active') {
          const which = command.transactionId === undefined ? 'no open transaction' : `transaction ${command.transactionId} is not open`;
          throw invalid('NoOpenTransaction', `${which} on connector ${command.connectorId} of ${chargePointId}`);
        }
        context.transaction = { id: open.id, externalId: open.externalId };
      }
      if (command.type === 'unlockConnector' && version !== '1.6') {
        const connectors = await database.connectors.list(chargePointId);
        context.evseConnectorId = connectors.find((c) => c.evseId === command.connectorId)?.connectorId ?? 1;
      }
      try {
        return { nodeId: station.nodeId, version, ...buildStationCall(command, context) };
      } catch (error) {
        if (error instanceof UnsupportedCommandError) throw invalid(error.reason, error.message);
        throw error;
      }
    },
  };
}
