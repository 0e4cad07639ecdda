import { loadTiles } from '$lib/server/ui/overview.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** The tiles as stored now; the page then follows `/events/overview`. */
export const load: PageServerLoad = async () => {
  return { tiles: await loadTiles(getServices()), now: Date.now() };
};
