import { authorizeWithIntent } from '../../transactions/paid-tags.ts';
import type { Ocpp2Handler } from '../handler-types.ts';

/**
 * 2.0.1/2.1 Authorize: unknown → `Unknown` (2.x has that word; 1.6 says Invalid), blocked → Blocked, expired →
 * Expired; the group as `groupIdToken` and the tag's expiry as `cacheExpiryDateTime`. A `NoAuthorization` token
 * (no identification possible or needed) is accepted. ISO 15118 certificate data is not checked here.
 */
export const authorize2: Ocpp2Handler<'Authorize'> = async (payload, context) => {
  const { idToken, type } = payload.idToken;
  if (type === 'NoAuthorization') return { idTokenInfo: { status: 'Accepted' } };
  const decision = await authorizeWithIntent(context, idToken, { kind: 'authorize' });
  context.logger.info({ idToken, tokenType: type, status: decision.status }, 'authorize');
  return {
    idTokenInfo: {
      status: decision.status === 'Invalid' ? 'Unknown' : decision.status,
      ...(decision.expiresAt ? { cacheExpiryDateTime: decision.expiresAt.toISOString() } : {}),
      ...(decision.parentTagId ? { groupIdToken: { idToken: decision.parentTagId, type: 'Central' } } : {}),
    },
  };
};
