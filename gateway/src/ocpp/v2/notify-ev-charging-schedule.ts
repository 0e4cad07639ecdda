import type { Ocpp2Handler } from '../handler-types.ts';

/** 2.0.1/2.1 NotifyEVChargingSchedule: the EV's planned schedule, logged and accepted. */
export const notifyEVChargingSchedule2: Ocpp2Handler<'NotifyEVChargingSchedule'> = (payload, context) => {
  context.logger.info(
    { evseId: payload.evseId, timeBase: payload.timeBase, periods: payload.chargingSchedule.chargingSchedulePeriod.length },
    'EV charging schedule',
  );
  return { status: 'Accepted' };
};
