import type { GatewayContext } from '../ocpp/context.ts';
import { planMeter, sessionFor } from './meter-planning.ts';
import type { MeterReading } from './sampled-values.ts';
import type { OpenSession } from './station-sessions.ts';

/** A MeterValues message, version-neutral. */
export interface MeterValuesInput {
  /** 1.6 `connectorId` / 2.x `evseId`; 0 is the whole station. */
  readonly evseId: number;
  readonly connectorId: number;
  /** 1.6 `transactionId` (the row id), when the station gave one. */
  readonly transactionId?: number | undefined;
  readonly readings: readonly MeterReading[];
}

/**
 * Records a MeterValues message through the node's writer and resolves when it is committed. The samples belong to
 * the transaction the station names (1.6), else to the open session this connection knows on that connector. An id
 * the station does not own is logged and its samples kept without a transaction: MeterValues are never refused.
 */
export async function recordMeterValues(context: GatewayContext, input: MeterValuesInput): Promise<void> {
  let session: OpenSession | undefined;
  if (input.transactionId !== undefined) {
    session = await sessionFor(context, input.transactionId);
    if (!session) context.logger.warn({ transactionId: input.transactionId }, 'MeterValues for an unknown transaction: samples kept without it');
  } else if (input.evseId > 0) {
    const open = context.sessions.openOn(input.evseId);
    session = open ? await sessionFor(context, open.id) : undefined;
  }
  const { write, undo } = planMeter(context, { evseId: input.evseId, connectorId: input.connectorId, session, live: true }, input.readings);
  try {
    await context.db.recordMeter(write);
  } catch (error) {
    undo();
    throw error;
  }
}
