import type { Ocpp2Handler } from '../handler-types.ts';

/** 2.0.1/2.1 NotifyChargingLimit: acknowledged and logged with the limit's source and schedule count. */
export const notifyChargingLimit2: Ocpp2Handler<'NotifyChargingLimit'> = (payload, context) => {
  context.logger.info(
    {
      chargingLimitSource: payload.chargingLimit.chargingLimitSource,
      isGridCritical: payload.chargingLimit.isGridCritical,
      evseId: payload.evseId,
      schedules: payload.chargingSchedule?.length ?? 0,
    },
    'external charging limit',
  );
  return {};
};
