import type { Ocpp2Handler } from '../handler-types.ts';
import { vendorMessagesOf } from '../vendor-messages.ts';

/** 2.0.1/2.1 DataTransfer: answered from the vendor message table (`vendor-messages.ts`). */
export const dataTransfer2: Ocpp2Handler<'DataTransfer'> = (payload, context) =>
  vendorMessagesOf(context).answer({ chargePointId: context.stationId, ...payload }, context.logger);
