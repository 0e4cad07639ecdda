import { error, redirect } from '@sveltejs/kit';
import { deleteChargeTag, updateChargeTag } from '$lib/server/api/operations/charge-tags.ts';
import { formValues, runForm } from '$lib/server/ui/run-form.ts';
import { tagBody } from '$lib/server/ui/tag-form.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** The tag as form values. */
export const load: PageServerLoad = async ({ params, url }) => {
  const tag = await getServices().db.chargeTags.get(params.tagId);
  if (!tag) error(404, { message: 'not found', code: 'NotFound' });
  return {
    tagId: tag.tagId,
    name: tag.name,
    saved: url.searchParams.has('saved'),
    values: {
      name: tag.name,
      parentTagId: tag.parentTagId ?? '',
      expiresAt: tag.expiresAt ? tag.expiresAt.toISOString().slice(0, 10) : '',
      blocked: tag.blocked ? 'on' : '',
    } as Record<string, string>,
  };
};

/** Save and delete. */
export const actions: Actions = {
  save: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, updateChargeTag, { params: { tagId: event.params.tagId }, body: tagBody(values, 'update'), values });
    if (!outcome.ok) return outcome.failure;
    redirect(303, `/admin/tags/${encodeURIComponent(event.params.tagId)}?saved=1`);
  },
  delete: async (event) => {
    const outcome = await runForm(event, deleteChargeTag, { params: { tagId: event.params.tagId }, values: {} });
    if (!outcome.ok) return outcome.failure;
    redirect(303, '/admin/tags');
  },
};
