import { fail, redirect } from '@sveltejs/kit';
import { signIn } from '$lib/server/auth/sign-in.ts';
import { clientAddress } from '$lib/server/auth/client-address.ts';
import { localPath } from '$lib/server/auth/local-path.ts';
import { ApiError } from '$lib/server/errors.ts';
import { getServices } from '$lib/server/services.ts';
import type { Message } from '$lib/ui/form-errors.ts';
import type { Actions, PageServerLoad } from './$types';

/** Signed-in users go straight to the page they asked for (`?redirectTo=`, set by the authorization hook) or the overview. */
export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.principal?.via === 'session') redirect(303, localPath(url.searchParams.get('redirectTo')));
  return {};
};

/** Sign-in form (hooks check the form's Origin; the cookie is SameSite=Strict). Messages are catalog keys. */
export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const username = String(form.get('username') ?? '').slice(0, 100);
    const password = String(form.get('password') ?? '').slice(0, 1000);
    if (!username || !password) return fail(400, { username, message: { key: 'login.missing' } as Message });
    try {
      const services = getServices();
      const address = clientAddress(getClientAddress(), request.headers.get('x-forwarded-for'), services.config.trustedProxies);
      await signIn(services, { username, password, address, cookies, url });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return fail(401, { username, message: { key: 'login.failed' } as Message });
      if (error instanceof ApiError && error.status === 429) {
        const seconds = Number(error.headers['retry-after'] ?? '60');
        return fail(429, { username, message: { key: 'login.locked', params: { seconds } } as Message });
      }
      throw error;
    }
    // the form posts to the page's own URL, so the way back the guard gave is still in the query string
    redirect(303, localPath(url.searchParams.get('redirectTo')));
  },
};
