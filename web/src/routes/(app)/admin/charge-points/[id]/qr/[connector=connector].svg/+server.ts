import { error } from '@sveltejs/kit';
import { qrCode, qrSvgDocument } from '$lib/server/ui/qr-code.ts';
import { getServices } from '$lib/server/services.ts';
import { absoluteUrl, connectorPagePath } from '$lib/ui/driver-links.ts';
import type { RequestHandler } from './$types';

/** One connector's QR code as an SVG file, for a sticker printed elsewhere (admins only, like the sheet). */
export const GET: RequestHandler = async ({ params, url }) => {
  const services = getServices();
  const cp = await services.db.chargePoints.get(params.id);
  if (!cp || cp.deletedAt) error(404, { message: 'not found', code: 'NotFound' });
  const link = absoluteUrl(services.config.publicBaseUrl ?? url.origin, connectorPagePath(cp.id, Number(params.connector)));
  return new Response(qrSvgDocument(qrCode(link)), {
    headers: {
      'content-type': 'image/svg+xml; charset=utf-8',
      'content-disposition': `attachment; filename="${cp.id}-${params.connector}.svg"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
};
