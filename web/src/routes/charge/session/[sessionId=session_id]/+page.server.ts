import { error, fail, redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/server/errors.ts';
import { confirmCheckoutReturn, getDriverSession, stopDriverSession } from '$lib/server/payments/driver.ts';
import { getServices } from '$lib/server/services.ts';
import { sessionPagePath } from '$lib/ui/driver-links.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = { message: 'not found', code: 'NotFound' } as const;

/**
 * The page of one paid session, found only by its unguessable id; an unknown id is a plain 404. Stripe's success
 * and cancel URLs land here with `?checkout=success|cancel`: the back end is told (a second path beside the webhook,
 * so a closed webhook or a late one does not strand the driver) and the browser is sent to the plain address, so a
 * reload or a bookmark does not repeat it.
 */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
  const services = getServices();
  const outcome = url.searchParams.get('checkout');
  if (outcome === 'success' || outcome === 'cancel') {
    try {
      await confirmCheckoutReturn(services, params.sessionId, outcome);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) error(404, NOT_FOUND);
      // the webhook is the other path to the same result: the page shows the state as it is and keeps polling
      services.log.warn({ err: caught }, 'checkout return not delivered');
    }
    redirect(303, sessionPagePath(params.sessionId));
  }
  const view = await getDriverSession(services, params.sessionId);
  if (!view) error(404, NOT_FOUND);
  setHeaders({ 'cache-control': 'no-store' });
  return { view };
};

/** The Stop button: cancels before the start, stops the charge remotely after it. */
export const actions: Actions = {
  stop: async ({ params }) => {
    const services = getServices();
    try {
      await stopDriverSession(services, params.sessionId);
      return { stopped: true };
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) error(404, NOT_FOUND);
      if (!(caught instanceof ApiError)) services.log.error({ err: caught }, 'driver stop failed');
      return fail(caught instanceof ApiError && caught.status < 500 ? caught.status : 503, {
        code: caught instanceof ApiError ? caught.code : 'Internal',
      });
    }
  },
};
