import { error, redirect } from '@sveltejs/kit';
import { deleteChargePoint, updateChargePoint, updateConnector } from '$lib/server/api/operations/charge-points.ts';
import { chargePointBody, withoutSecrets } from '$lib/server/ui/charge-point-form.ts';
import { formValues, optionalText, runForm } from '$lib/server/ui/run-form.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** The station's master data as form values (the password is never among them). */
export const load: PageServerLoad = async ({ params, url }) => {
  const services = getServices();
  const cp = await services.db.chargePoints.get(params.id);
  if (!cp) error(404, { message: 'not found', code: 'NotFound' });
  const connectors = (await services.db.connectors.list(cp.id)).filter((c) => c.evseId > 0);
  return {
    id: cp.id,
    name: cp.name,
    hasPassword: cp.basicAuthPasswordHash !== null,
    pending: cp.registrationStatus === 'Pending',
    saved: url.searchParams.has('saved'),
    values: {
      name: cp.name,
      comment: cp.comment ?? '',
      clientCertThumbprint: cp.clientCertThumbprint ?? '',
      securityProfile: String(cp.securityProfile),
      'pricing.currency': cp.pricing.currency,
      'pricing.pricePerMwhMinor': String(cp.pricing.pricePerMwhMinor),
      'pricing.sessionFeeMinor': String(cp.pricing.sessionFeeMinor),
      'pricing.maxEnergyWh': cp.pricing.maxEnergyWh === null ? '' : String(cp.pricing.maxEnergyWh),
      'pricing.usageFeePerMinuteMinor': String(cp.pricing.usageFeePerMinuteMinor),
      'pricing.freeMinutes': String(cp.pricing.freeMinutes),
      'pricing.maxBillableMinutes': cp.pricing.maxBillableMinutes === null ? '' : String(cp.pricing.maxBillableMinutes),
      'pricing.usageFeeFrom': cp.pricing.usageFeeFrom,
      'pricing.freeCharging': cp.pricing.freeCharging ? 'on' : '',
    } as Record<string, string>,
    connectors: connectors.map((c) => ({ evseId: c.evseId, connectorId: c.connectorId, name: c.name ?? '' })),
  };
};

/** Save, accept a pending station, rename a connector, delete (with or without its history). */
export const actions: Actions = {
  save: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, updateChargePoint, {
      params: { id: event.params.id },
      body: chargePointBody(values, 'update'),
      values: withoutSecrets(values),
    });
    if (!outcome.ok) return outcome.failure;
    redirect(303, `/admin/charge-points/${encodeURIComponent(event.params.id)}?saved=1`);
  },
  accept: async (event) => {
    await getServices().db.chargePoints.update(event.params.id, { registrationStatus: 'Accepted' });
    redirect(303, `/admin/charge-points/${encodeURIComponent(event.params.id)}?saved=1`);
  },
  rename: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, updateConnector, {
      params: { id: event.params.id, n: values.connector },
      body: { name: optionalText(values.name) },
      values: { ...values, _target: `connector-${values.connector}` },
    });
    if (!outcome.ok) return outcome.failure;
    return { renamed: values.connector };
  },
  delete: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, deleteChargePoint, { params: { id: event.params.id }, values });
    if (!outcome.ok) return outcome.failure;
    if (values.purge === 'on') await getServices().db.chargePoints.remove(event.params.id, { purge: true }).catch(() => undefined);
    redirect(303, '/admin/charge-points');
  },
};
