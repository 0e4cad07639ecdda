import { updateConnector } from '$lib/server/api/operations/charge-points.ts';
import { formValues, optionalText, runForm } from '$lib/server/ui/run-form.ts';
import { connectorListParams } from '$lib/server/lists/connector-list.ts';
import { listView } from '$lib/server/lists/list-params.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** One page of the connectors any station reported, with its last status and meter, searched and sorted in SQL. */
export const load: PageServerLoad = async ({ url }) => {
  const services = getServices();
  const params = connectorListParams(url);
  const page = await services.db.connectors.page(params);
  // only the stations on this page: a handful of reads instead of the whole fleet
  const ids = [...new Set(page.rows.map((c) => c.chargePointId))];
  const stations = await Promise.all(ids.map((id) => services.db.chargePoints.get(id)));
  const online = new Map(stations.flatMap((s) => (s ? [[s.id, s.online] as const] : [])));
  return {
    view: listView(params, page.total),
    connectors: page.rows.map((c) => ({
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
