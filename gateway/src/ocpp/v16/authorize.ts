import { authorizeWithIntent } from '../../transactions/paid-tags.ts';
import type { Ocpp16Handler } from '../handler-types.ts';

/**
 * 1.6 Authorize: unknown → Invalid, blocked → Blocked, expired → Expired, with the group as `parentIdTag` and the
 * tag's expiry as `expiryDate` (both only when the tag has them).
 */
export const authorize16: Ocpp16Handler<'Authorize'> = async (payload, context) => {
  const decision = await authorizeWithIntent(context, payload.idTag, { kind: 'authorize' });
  context.logger.info({ idTag: payload.idTag, status: decision.status }, 'authorize');
  return {
    idTagInfo: {
      status: decision.status,
      ...(decision.expiresAt ? { expiryDate: decision.expiresAt.toISOString() } : {}),
      ...(decision.parentTagId ? { parentIdTag: decision.parentTagId } : {}),
    },
  };
};
