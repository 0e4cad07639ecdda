import { fail } from '@sveltejs/kit';
import { bulkCommandForm, runBulkCommand } from '$lib/server/lists/bulk-command.ts';
import { listView } from '$lib/server/lists/list-params.ts';
import { stationListParams, stationListRow } from '$lib/server/lists/station-list.ts';
import { getServices } from '$lib/server/services.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** One page of the stations: searched by id and name, sorted in SQL (ids and names naturally). */
export const load: PageServerLoad = async ({ url }) => {
  const params = stationListParams(url);
  const page = await getServices().db.chargePoints.page(params);
  return { view: listView(params, page.total), stations: page.rows.map(stationListRow) };
};

export const actions: Actions = {
  /** Sends one command to each selected station and shows each station's outcome. */
  bulk: async ({ request, locals }) => {
    const principal = requireAdmin(locals);
    const data = await request.formData();
    const parsed = bulkCommandForm.safeParse({ command: data.get('command'), ids: data.getAll('ids').filter((v) => typeof v === 'string') });
    if (!parsed.success) {
      const tooMany = parsed.error.issues.some((issue) => issue.path[0] === 'ids' && issue.code === 'too_big');
      return fail(400, { bulkError: tooMany ? 'tooMany' : 'noneSelected' });
    }
    const outcomes = await runBulkCommand(getServices(), parsed.data.ids, parsed.data.command, principal.username);
    return { outcomes };
  },
};
