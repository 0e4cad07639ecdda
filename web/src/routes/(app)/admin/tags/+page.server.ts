import { fail } from '@sveltejs/kit';
import { InvalidInputError } from '@csms/db';
import { listView } from '$lib/server/lists/list-params.ts';
import { tagGroupForm, tagListParams, tagListRow } from '$lib/server/lists/tag-list.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** One page of the tags: searched by id, name and group, sorted in SQL (ids and names naturally). */
export const load: PageServerLoad = async ({ url }) => {
  const params = tagListParams(url);
  const page = await getServices().db.chargeTags.page(params);
  return { view: listView(params, page.total), tags: page.rows.map(tagListRow) };
};

export const actions: Actions = {
  /** Puts the selected tags into a group (parent tag id), or out of theirs with an empty group. */
  group: async ({ request, locals }) => {
    requireAdmin(locals);
    const data = await request.formData();
    const parsed = tagGroupForm.safeParse({ ids: data.getAll('ids').filter((v) => typeof v === 'string'), group: data.get('group') ?? '' });
    if (!parsed.success) {
      const noTags = parsed.error.issues.some((issue) => issue.path[0] === 'ids');
      return fail(400, { groupError: noTags ? 'noTagsSelected' : 'group' });
    }
    try {
      const count = await getServices().db.chargeTags.setGroup(parsed.data.ids, parsed.data.group);
      return { grouped: count };
    } catch (error) {
      if (error instanceof InvalidInputError) return fail(400, { groupError: 'group' });
      throw error;
    }
  },
};
