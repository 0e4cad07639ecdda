import { error } from '@sveltejs/kit';
import { qrCode } from '$lib/server/ui/qr-code.ts';
import { getServices } from '$lib/server/services.ts';
import { absoluteUrl, connectorPagePath } from '$lib/ui/driver-links.ts';
import type { PageServerLoad } from './$types';

/**
 * The printable QR sheet of a station: one code per reported connector, each linking to the connector's public page
 * under `PUBLIC_BASE_URL`. Without it the codes use the address this page was opened with, and the page says so.
 */
export const load: PageServerLoad = async ({ params, url }) => {
  const services = getServices();
  const cp = await services.db.chargePoints.get(params.id);
  if (!cp || cp.deletedAt) error(404, { message: 'not found', code: 'NotFound' });
  const reported = (await services.db.connectors.list(cp.id)).filter((c) => c.evseId > 0);
  // a 2.x EVSE with several connectors is one payable unit, like one tile on the overview
  const evses = [...new Map(reported.map((c) => [c.evseId, c])).values()].sort((a, b) => a.evseId - b.evseId);
  const baseUrl = services.config.publicBaseUrl ?? url.origin;
  const connectors = (evses.length > 0 ? evses : [{ evseId: 1, name: null }]).map((c) => {
    const link = absoluteUrl(baseUrl, connectorPagePath(cp.id, c.evseId));
    return { connectorId: c.evseId, name: c.name ?? null, url: link, code: qrCode(link) };
  });
  return {
    id: cp.id,
    name: cp.name,
    connectors: connectors.map(({ code, ...rest }) => ({ ...rest, size: code.size, path: code.path })),
    noConnectors: evses.length === 0,
    baseUrlMissing: services.config.publicBaseUrl === null ? baseUrl : null,
  };
};
