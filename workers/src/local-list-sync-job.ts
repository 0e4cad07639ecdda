import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import type { Database } from '@csms/db';
import {
  CHARGE_POINT_COMMAND_WORKFLOW,
  chargePointCommandWorkflowId,
  type ChargePointCommandInput,
  type ChargePointCommandWorkflow,
} from '@csms/temporal';
import type { Logger } from 'pino';

/** Who the command history names as having asked. */
export const LOCAL_LIST_SYNC_REQUESTER = 'local-list-sync';

/** What {@link scheduleLocalListSync} needs. */
export interface LocalListSyncOptions {
  readonly database: Pick<Database, 'localLists'>;
  readonly workflows: WorkflowClient;
  /** The task queue the `chargePointCommand` workflow runs on. */
  readonly taskQueue: string;
  readonly intervalMs: number;
  readonly log: Logger;
}

/**
 * Keeps local authorization lists in sync by itself (docs/ocpp-1.6.md, Local authorization list): every `intervalMs`
 * it looks at the online 1.6 stations whose last update was Accepted, and sends a station the Differential update of
 * its out-of-date list once the same changes have been pending for a whole interval (a burst of tag edits goes out as
 * one update, and an operator about to send it by hand is not raced). The command runs through the
 * `chargePointCommand` workflow with an id per station and version, so several workers never send the same version
 * twice; a failed attempt (offline, timeout) is tried again at a later tick. An answer other than Accepted is
 * recorded and ends the automatic updates of that station until an operator sends one that is accepted. Never two
 * ticks at once; returns a function that stops it.
 */
export function scheduleLocalListSync(options: LocalListSyncOptions): () => void {
  const { database, workflows, taskQueue, intervalMs, log } = options;
  // station → the pending changes seen at the previous tick (plain strings: compared, never parsed)
  const pending = new Map<string, string>();

  const syncOne = async (chargePointId: string): Promise<void> => {
    const update = await database.localLists.plan(chargePointId, 'Differential', new Date());
    if (update.entries.length === 0) {
      pending.delete(chargePointId);
      return;
    }
    const changes = JSON.stringify(update.entries);
    if (pending.get(chargePointId) !== changes) {
      pending.set(chargePointId, changes);
      return;
    }
    pending.delete(chargePointId);
    const commandId = `local-list-${update.listVersion}`;
    const input: ChargePointCommandInput = {
      chargePointId,
      commandId,
      command: { type: 'sendLocalList', listVersion: update.listVersion, updateType: update.updateType, entries: update.entries },
      requestedBy: LOCAL_LIST_SYNC_REQUESTER,
    };
    const result = await workflows.execute<ChargePointCommandWorkflow>(CHARGE_POINT_COMMAND_WORKFLOW, {
      workflowId: chargePointCommandWorkflowId(chargePointId, commandId),
      taskQueue,
      args: [input],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      workflowExecutionTimeout: '2 minutes',
    });
    await database.localLists.recordAnswer(chargePointId, update, result.status, new Date());
    log.info({ chargePointId, listVersion: update.listVersion, entries: update.entries.length, status: result.status }, 'local list kept in sync');
  };

  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    (async () => {
      for (const chargePointId of await database.localLists.syncCandidates()) {
        await syncOne(chargePointId).catch((error: unknown) => {
          if (error instanceof WorkflowExecutionAlreadyStartedError) return; // another worker sends this version
          log.warn({ err: error, chargePointId }, 'local list update failed; trying again at a later interval');
        });
      }
    })()
      .catch((error: unknown) => log.warn({ err: error }, 'local list sync failed; retrying at the next interval'))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
