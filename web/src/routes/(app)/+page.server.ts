import { redirect } from '@sveltejs/kit';
import { overviewSearch, parseOverviewQuery } from '$lib/ui/overview-query.ts';
import { loadOverview } from '$lib/server/ui/overview.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** One page of tiles with the counts, as the URL's filters say; the page then follows `/events/overview` for it. */
export const load: PageServerLoad = async ({ url }) => {
  const services = getServices();
  const { query, ignored } = parseOverviewQuery(url.searchParams);
  const canonical = overviewSearch(query, { page: query.page });
  // the filter form sends its empty fields too: the short address of the same view is the one to copy and share
  if (ignored.length === 0 && [...url.searchParams.values()].some((value) => value.trim() === '')) redirect(303, `/${canonical}`);
  const [view, nodes] = await Promise.all([loadOverview(services, query), services.db.fleetOverview.nodes()]);
  return { view, query: { ...query, page: view.page }, ignored, nodes, now: Date.now() };
};
