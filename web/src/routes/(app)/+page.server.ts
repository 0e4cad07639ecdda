import { parseOverviewQuery } from '$lib/ui/overview-query.ts';
import { loadOverview } from '$lib/server/ui/overview.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** One page of tiles with the counts, as the URL's filters say; the page then follows `/events/overview` for it. */
export const load: PageServerLoad = async ({ url }) => {
  const services = getServices();
  const { query, ignored } = parseOverviewQuery(url.searchParams);
  const [view, nodes] = await Promise.all([loadOverview(services, query), services.db.fleetOverview.nodes()]);
  return { view, query: { ...query, page: view.page }, ignored, nodes, now: Date.now() };
};
