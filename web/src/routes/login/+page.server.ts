import { fail, redirect } from '@sveltejs/kit';
import { signIn } from '$lib/server/auth/sign-in.ts';
import { ApiError } from '$lib/server/errors.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** Signed-in users go straight to the landing page. */
export const load: PageServerLoad = ({ locals }) => {
  if (locals.principal?.via === 'session') redirect(303, '/');
  return {};
};

/** Sign-in form (SvelteKit checks the form's Origin; the cookie is SameSite=Strict). */
export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const username = String(form.get('username') ?? '').slice(0, 100);
    const password = String(form.get('password') ?? '').slice(0, 1000);
    if (!username || !password) return fail(400, { username, message: 'Enter user name and password.' });
    try {
      await signIn(getServices(), { username, password, address: getClientAddress(), cookies, url });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 429)) {
        return fail(error.status, { username, message: error.message });
      }
      throw error;
    }
    redirect(303, '/');
  },
};
