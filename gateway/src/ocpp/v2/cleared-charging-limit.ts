import type { Ocpp2Handler } from '../handler-types.ts';

/** 2.0.1/2.1 ClearedChargingLimit: acknowledged and logged (smart charging reacts in a later issue). */
export const clearedChargingLimit2: Ocpp2Handler<'ClearedChargingLimit'> = (payload, context) => {
  context.logger.info({ chargingLimitSource: payload.chargingLimitSource, evseId: payload.evseId }, 'charging limit cleared');
  return {};
};
