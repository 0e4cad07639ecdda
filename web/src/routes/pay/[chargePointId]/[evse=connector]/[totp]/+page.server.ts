import { redirect } from '@sveltejs/kit';
import { openDynamicCode } from '$lib/server/payments/dynamic-code.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/**
 * The page a dynamic QR code opens (OCPP 2.1 C25): a valid one-time code leads on to the connector's price page and its
 * Pay flow (and the station hears of it: `NotifyWebPaymentStarted`); an expired, forged or malformed one is refused in words and leads nowhere.
 */
export const load: PageServerLoad = ({ params, setHeaders }) => {
  const services = getServices();
  const verdict = openDynamicCode(services, params.chargePointId, Number(params.evse), params.totp);
  setHeaders({ 'cache-control': 'no-store' });
  if (verdict === 'valid') {
    redirect(303, `/charge/${encodeURIComponent(params.chargePointId)}/${params.evse}`);
  }
  services.log.info({ chargePointId: params.chargePointId, evse: Number(params.evse), verdict }, 'dynamic QR code refused');
  return { refused: verdict };
};
