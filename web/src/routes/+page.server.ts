import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** The landing page needs a signed-in user; issue 9 builds the real overview on it. */
export const load: PageServerLoad = ({ locals }) => {
  const principal = locals.principal;
  if (!principal || principal.via !== 'session') redirect(303, '/login');
  return { username: principal.username, role: principal.role };
};
