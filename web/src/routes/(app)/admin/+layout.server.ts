import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { LayoutServerLoad } from './$types';

/** Administration is for administrators: a plain user gets "Access denied" (403). */
export const load: LayoutServerLoad = ({ locals }) => {
  requireAdmin(locals);
  return {};
};
