import { recordMeterValues } from '../../transactions/meter-values.ts';
import { readings2 } from '../../transactions/sampled-values.ts';
import type { Ocpp2Handler } from '../handler-types.ts';

/**
 * 2.0.1/2.1 MeterValues (outside transactions, or a station's extra readings): samples batched into the DB and the
 * EVSE's live values, including power and SoC (OCPP.Core dropped both here). `evseId` 0 is the whole station.
 */
export const meterValues2: Ocpp2Handler<'MeterValues'> = async (payload, context) => {
  await recordMeterValues(context, {
    evseId: payload.evseId,
    connectorId: 1,
    readings: readings2(payload.meterValue, context.clock.now()),
  });
  return {};
};
