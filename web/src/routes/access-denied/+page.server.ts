import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** The "Access denied" page (`+error.svelte` with 403), which the authorization hook shows for a role a user lacks. */
export const load: PageServerLoad = () => error(403, { message: 'forbidden', code: 'Forbidden' });
