import { redirect } from '@sveltejs/kit';
import { endSession } from '$lib/server/auth/sessions.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** There is nothing to show; a GET goes to the sign-in page (logging out needs a POST). */
export const load: PageServerLoad = () => redirect(303, '/login');

/** Ends the session (a form POST: SvelteKit's origin check and the SameSite=Strict cookie guard it). */
export const actions: Actions = {
  default: async ({ cookies }) => {
    await endSession(getServices(), cookies);
    redirect(303, '/login');
  },
};
