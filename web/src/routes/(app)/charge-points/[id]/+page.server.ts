import { error } from '@sveltejs/kit';
import { TRIGGER_MESSAGES } from '@csms/temporal';
import { chargePointView } from '$lib/server/api/operations/charge-point-view.ts';
import { reservationView } from '$lib/server/api/operations/reservation-view.ts';
import { toProfileView } from '$lib/server/api/operations/charging-profile-view.ts';
import { tileName } from '$lib/server/ui/overview.ts';
import { signedIn } from '$lib/server/ui/guard.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** A station with its connectors, open transactions and (for admins) the tags a remote start may use. */
export const load: PageServerLoad = async ({ locals, params }) => {
  const principal = signedIn(locals);
  const services = getServices();
  const station = await services.db.chargePoints.get(params.id);
  if (!station) error(404, { message: 'not found', code: 'NotFound' });
  const [connectors, open, tags, chargingProfiles] = await Promise.all([
    services.db.connectors.list(station.id),
    services.db.transactions.listOpen(station.id),
    principal.role === 'admin' ? services.db.chargeTags.list() : Promise.resolve([]),
    services.db.chargingProfiles.list(station.id, { limit: 50 }),
  ]);
  const reservations = await services.db.reservations.list(station.id, { limit: 20 });
  const shown = connectors.filter((c) => c.evseId > 0);
  const now = Date.now();
  return {
    station: chargePointView(station, shown),
    pending: station.registrationStatus === 'Pending',
    names: Object.fromEntries(shown.map((c) => [c.evseId, tileName(station, c, new Set(shown.map((o) => o.evseId)).size)])),
    openByConnector: Object.fromEntries(open.map((t) => [t.evseId, t.id])),
    tags: tags
      .filter((tag) => !tag.blocked && (!tag.expiresAt || tag.expiresAt.getTime() > now))
      .map((tag) => ({ id: tag.tagId, name: tag.name })),
    triggerMessages: [...TRIGGER_MESSAGES],
    reservations: reservations.map(reservationView),
    chargingProfiles: chargingProfiles.map(toProfileView),
  };
};
