import { error, fail, redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/server/errors.ts';
import { describeConnectorOffer, startPaidSession } from '$lib/server/payments/driver.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The public page of one connector (no sign-in): names, live status, the price, the maximum energy and the hold.
 * An unknown station or connector is a plain 404 that says nothing more.
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
  const offer = await describeConnectorOffer(getServices(), params.chargePointId, Number(params.connector));
  if (offer.unavailable === 'unknownConnector') error(404, { message: 'not found', code: 'NotFound' });
  setHeaders({ 'cache-control': 'no-store' });
  return { offer };
};

/**
 * "Pay and charge": starts the paid session and sends the browser to Stripe Checkout with a plain 303 (no script
 * needed). A refusal (busy, offline, payments off, …) comes back as its code and the page says it in words.
 */
export const actions: Actions = {
  default: async ({ params, locals }) => {
    const services = getServices();
    let checkoutUrl: string;
    try {
      ({ checkoutUrl } = await startPaidSession(services, {
        chargePointId: params.chargePointId,
        connectorId: Number(params.connector),
        locale: locals.locale,
      }));
    } catch (caught) {
      if (!(caught instanceof ApiError) || (caught.status >= 500 && caught.code !== 'TemporalUnavailable')) {
        services.log.error({ err: caught, chargePointId: params.chargePointId }, 'paid session could not be started');
      }
      return fail(caught instanceof ApiError && caught.status < 500 ? caught.status : 503, {
        code: caught instanceof ApiError ? caught.code : 'Internal',
      });
    }
    redirect(303, checkoutUrl);
  },
};
