import type { ChargePointCommand } from '@csms/temporal';
import { z } from 'zod';
import { commandFailureToApiError, runCommand } from '../commands/run-command.ts';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';

/** The commands the station list sends to selected stations. */
export const BULK_COMMANDS = {
  resetSoft: { type: 'reset', resetType: 'Soft' },
  resetHard: { type: 'reset', resetType: 'Hard' },
  triggerHeartbeat: { type: 'triggerMessage', message: 'Heartbeat' },
  triggerStatus: { type: 'triggerMessage', message: 'StatusNotification' },
  available: { type: 'changeAvailability', connectorId: 0, availability: 'Operative' },
  unavailable: { type: 'changeAvailability', connectorId: 0, availability: 'Inoperative' },
} as const satisfies Record<string, ChargePointCommand>;

/** A bulk command's name. */
export type BulkCommandName = keyof typeof BULK_COMMANDS;

/** The most stations one bulk command goes to (each is a workflow waiting for its station's answer). */
export const MAX_BULK_STATIONS = 100;

/** How many of a bulk command's workflows run at once. */
const PARALLEL = 8;

/** The form of a bulk command: which command, to which stations. */
export const bulkCommandForm = z.object({
  command: z.enum(Object.keys(BULK_COMMANDS) as [BulkCommandName, ...BulkCommandName[]]),
  ids: z.array(z.string().min(1).max(48)).min(1).max(MAX_BULK_STATIONS),
});

/** One station's outcome: its answer's status, or why the command failed (the API's error code and message). */
export type BulkOutcome =
  | { readonly id: string; readonly ok: true; readonly status: string }
  | { readonly id: string; readonly ok: false; readonly code: string; readonly message: string };

/**
 * Sends one command to each station through the command workflow, a few at a time, and returns every station's
 * outcome in the order given; one station failing (offline, rejected, unknown) does not stop the others.
 */
export async function runBulkCommand(services: Services, ids: readonly string[], name: BulkCommandName, requestedBy: string): Promise<BulkOutcome[]> {
  const unique = [...new Set(ids)];
  const outcomes = new Array<BulkOutcome>(unique.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < unique.length; index = next++) {
      const id = unique[index]!;
      try {
        const result = await runCommand(services, id, BULK_COMMANDS[name], requestedBy);
        outcomes[index] = { id, ok: true, status: result.status };
      } catch (error) {
        const apiError = error instanceof ApiError ? error : commandFailureToApiError(error);
        outcomes[index] = { id, ok: false, code: apiError.code, message: apiError.message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, unique.length) }, worker));
  return outcomes;
}
