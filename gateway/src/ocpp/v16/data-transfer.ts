import type { Ocpp16Handler } from '../handler-types.ts';

/** 1.6 DataTransfer: `Accepted` for a configured vendor id (logged), `UnknownVendorId` for any other. */
export const dataTransfer16: Ocpp16Handler<'DataTransfer'> = (payload, context) => {
  const known = context.settings.knownVendorIds.has(payload.vendorId);
  context.logger.info({ vendorId: payload.vendorId, messageId: payload.messageId, known }, 'data transfer');
  return { status: known ? 'Accepted' : 'UnknownVendorId' };
};
