import { requireUser } from '$lib/server/ui/guard.ts';
import type { LayoutServerLoad } from './$types';

/** Every page of the app needs a signed-in browser session. */
export const load: LayoutServerLoad = ({ locals }) => {
  requireUser(locals);
  return {};
};
