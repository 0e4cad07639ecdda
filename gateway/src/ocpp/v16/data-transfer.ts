import type { Ocpp16Handler } from '../handler-types.ts';
import { vendorMessagesOf } from '../vendor-messages.ts';

/** 1.6 DataTransfer: answered from the vendor message table (`vendor-messages.ts`); 1.6 carries `data` as a string. */
export const dataTransfer16: Ocpp16Handler<'DataTransfer'> = async (payload, context) => {
  const answer = await vendorMessagesOf(context).answer({ chargePointId: context.stationId, ...payload }, context.logger);
  if (answer.data === undefined) return { status: answer.status };
  return { status: answer.status, data: typeof answer.data === 'string' ? answer.data : JSON.stringify(answer.data) };
};
