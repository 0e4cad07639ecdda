import { redirect } from '@sveltejs/kit';
import { createChargePoint } from '$lib/server/api/operations/charge-points.ts';
import { chargePointBody, withoutSecrets } from '$lib/server/ui/charge-point-form.ts';
import { formValues, runForm } from '$lib/server/ui/run-form.ts';
import type { Actions } from './$types';

/** Creates the station through the API's own operation (same validation, same password hashing). */
export const actions: Actions = {
  default: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, createChargePoint, {
      body: chargePointBody(values, 'create'),
      values: withoutSecrets(values),
      conflictField: 'id',
    });
    if (!outcome.ok) return outcome.failure;
    redirect(303, `/admin/charge-points/${encodeURIComponent(values.id!.trim())}?saved=1`);
  },
};
