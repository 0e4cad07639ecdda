import { randomUUID } from 'node:crypto';
import type { ChargePointRecord } from '@csms/db';
import {
  REVOKE_STATION_CONNECTION_WORKFLOW,
  revokeStationConnectionWorkflowId,
  type RevokeStationConnectionWorkflow,
} from '@csms/temporal';
import type { Services } from '../services.ts';

const START_DEADLINE_MS = 5000;

type Credentials = Pick<ChargePointRecord, 'basicAuthPasswordHash' | 'securityProfile' | 'clientCertThumbprint'>;

/**
 * Why a station's live connection must be closed after an edit: its password, security profile or certificate
 * thumbprint changed (the connection was admitted with what is no longer valid). `null`: nothing that admitted it.
 */
export function revocationReason(before: Credentials, after: Credentials): string | null {
  if (before.basicAuthPasswordHash !== after.basicAuthPasswordHash) return 'password changed';
  if (before.securityProfile !== after.securityProfile) return 'security profile changed';
  if ((before.clientCertThumbprint ?? '') !== (after.clientCertThumbprint ?? '')) return 'certificate changed';
  return null;
}

/**
 * Closes the station's live connection on the gateway node that holds it, through the `revokeStationConnection`
 * workflow (the web app never calls a gateway directly). Started, not awaited: the edit is already stored, and a
 * Temporal outage is logged, not turned into a failed edit (docs/security.md, revocation).
 */
export async function revokeStationConnection(services: Services, station: Pick<ChargePointRecord, 'id' | 'online' | 'nodeId'>, reason: string): Promise<void> {
  if (!station.online || station.nodeId === null) return;
  const { temporal, temporalConnection, config, log } = services;
  const workflowId = revokeStationConnectionWorkflowId(station.id, randomUUID());
  try {
    await temporalConnection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      temporal.workflow.start<RevokeStationConnectionWorkflow>(REVOKE_STATION_CONNECTION_WORKFLOW, {
        workflowId,
        taskQueue: config.commandTaskQueue,
        args: [{ chargePointId: station.id, nodeId: station.nodeId!, reason }],
        workflowExecutionTimeout: 60_000,
      }),
    );
    log.info({ chargePointId: station.id, nodeId: station.nodeId, reason, workflowId }, 'station connection revocation started');
  } catch (error) {
    log.error({ err: error, chargePointId: station.id, nodeId: station.nodeId, reason }, 'cannot revoke the station connection (Temporal does not answer); it ends when the station reconnects');
  }
}
