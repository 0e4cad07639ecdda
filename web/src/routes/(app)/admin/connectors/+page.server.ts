import { updateConnector } from '$lib/server/api/operations/charge-points.ts';
import { formValues, optionalText, runForm } from '$lib/server/ui/run-form.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** Every connector any station reported, with its last status and meter. */
export const load: PageServerLoad = async () => {
  const services = getServices();
  const [connectors, stations] = await Promise.all([services.db.connectors.list(), services.db.chargePoints.list()]);
  const online = new Map(stations.map((s) => [s.id, s.online]));
  return {
    connectors: connectors
      .filter((c) => c.evseId > 0 && online.has(c.chargePointId))
      .map((c) => ({
        key: `${c.chargePointId}/${c.evseId}/${c.connectorId}`,
        chargePointId: c.chargePointId,
        evseId: c.evseId,
        name: c.name ?? '',
        status: c.status,
        ocppStatus: c.ocppStatus,
        statusAt: c.statusAt?.toISOString() ?? null,
        meterWh: c.meterWh,
        meterAt: c.meterAt?.toISOString() ?? null,
        online: online.get(c.chargePointId) ?? false,
      })),
  };
};

/** Renames a connector (empty clears the name). */
export const actions: Actions = {
  rename: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, updateConnector, {
      params: { id: values.chargePointId, n: values.connector },
      body: { name: optionalText(values.name) },
      values: { ...values, _target: `${values.chargePointId}/${values.connector}` },
    });
    if (!outcome.ok) return outcome.failure;
    return { renamed: `${values.chargePointId}/${values.connector}` };
  },
};
