import type { Ocpp2Handler } from '../handler-types.ts';

/**
 * 2.0.1/2.1 NotifyEvent: device-model events. Stations send one with every StatusNotification (AvailabilityState),
 * and the conformance cases require both to be answered (TC_B_01_CSMS), so it is acknowledged and logged.
 */
export const notifyEvent2: Ocpp2Handler<'NotifyEvent'> = (payload, context) => {
  for (const event of payload.eventData) {
    context.logger.info(
      {
        component: event.component.name,
        evseId: event.component.evse?.id,
        variable: event.variable.name,
        actualValue: event.actualValue,
        trigger: event.trigger,
      },
      'device event',
    );
  }
  return {};
};
