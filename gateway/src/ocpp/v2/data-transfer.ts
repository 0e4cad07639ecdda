import type { Ocpp2Handler } from '../handler-types.ts';

/** 2.0.1/2.1 DataTransfer: `Accepted` for a configured vendor id (logged), `UnknownVendorId` for any other. */
export const dataTransfer2: Ocpp2Handler<'DataTransfer'> = (payload, context) => {
  const known = context.settings.knownVendorIds.has(payload.vendorId);
  context.logger.info({ vendorId: payload.vendorId, messageId: payload.messageId, known }, 'data transfer');
  return { status: known ? 'Accepted' : 'UnknownVendorId' };
};
