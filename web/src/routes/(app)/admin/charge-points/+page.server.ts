import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** Every station, sorted by name. */
export const load: PageServerLoad = async () => {
  const stations = await getServices().db.chargePoints.list();
  return {
    stations: stations
      .map((cp) => ({
        id: cp.id,
        name: cp.name,
        comment: cp.comment,
        online: cp.online,
        protocol: cp.protocol,
        hasPassword: cp.basicAuthPasswordHash !== null,
        pending: cp.registrationStatus === 'Pending',
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
  };
};
