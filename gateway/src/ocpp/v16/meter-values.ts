import { recordMeterValues } from '../../transactions/meter-values.ts';
import { readings16 } from '../../transactions/sampled-values.ts';
import type { Ocpp16Handler } from '../handler-types.ts';

/**
 * 1.6 MeterValues: samples (energy in Wh, power in W) batched into the DB, the connector's live values, the
 * transaction's register and coalesced session events. Connector 0 is the whole charge point: its samples are kept,
 * no connector row is touched.
 */
export const meterValues16: Ocpp16Handler<'MeterValues'> = async (payload, context) => {
  await recordMeterValues(context, {
    evseId: payload.connectorId,
    connectorId: 1,
    transactionId: payload.transactionId,
    readings: readings16(payload.meterValue, context.clock.now()),
  });
  return {};
};
