import { redirect } from '@sveltejs/kit';
import { createChargeTag } from '$lib/server/api/operations/charge-tags.ts';
import { formValues, runForm } from '$lib/server/ui/run-form.ts';
import { tagBody } from '$lib/server/ui/tag-form.ts';
import type { Actions } from './$types';

/** Creates the tag through the API's operation. */
export const actions: Actions = {
  default: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, createChargeTag, { body: tagBody(values, 'create'), values, conflictField: 'tagId' });
    if (!outcome.ok) return outcome.failure;
    redirect(303, `/admin/tags/${encodeURIComponent(values.tagId!.trim())}?saved=1`);
  },
};
