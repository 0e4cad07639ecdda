import type { Ocpp16Handler } from '../handler-types.ts';

/** 1.6 DiagnosticsStatusNotification: acknowledged and logged. */
export const diagnosticsStatusNotification16: Ocpp16Handler<'DiagnosticsStatusNotification'> = (payload, context) => {
  context.logger.info({ status: payload.status }, 'diagnostics status');
  return {};
};
