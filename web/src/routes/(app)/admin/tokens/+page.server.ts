import { createToken, revokeToken } from '$lib/server/api/operations/tokens.ts';
import { signedIn } from '$lib/server/ui/guard.ts';
import { formValues, runForm } from '$lib/server/ui/run-form.ts';
import { listView } from '$lib/server/lists/list-params.ts';
import { tokenListParams } from '$lib/server/lists/token-list.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** One page of the tokens (never the secrets), searched and sorted in SQL, and the users who may own one. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = signedIn(locals);
  const services = getServices();
  const params = tokenListParams(url);
  const [users, page] = await Promise.all([services.db.users.list(), services.db.apiTokens.page(params)]);
  const names = new Map(users.map((u) => [u.id, u.username]));
  return {
    me: me.username,
    users: users.map((u) => u.username),
    view: listView(params, page.total),
    tokens: page.rows.map((token) => ({
      id: token.id,
      name: token.name,
      owner: names.get(token.userId) ?? '',
      createdAt: token.createdAt.toISOString(),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      expiresAt: token.expiresAt?.toISOString() ?? null,
      expired: token.expiresAt !== null && token.expiresAt.getTime() <= Date.now(),
    })),
  };
};

/** Create (the token is in this one answer only) and revoke. */
export const actions: Actions = {
  create: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm<{ token: string; name: string }>(event, createToken, {
      // the API's rule: a date (midnight UTC) or time in the future, else a message beside the field
      body: { name: (values.name ?? '').trim(), username: values.username || undefined, expiresAt: values.expiresAt?.trim() || undefined },
      values: { ...values, _target: 'create' },
    });
    if (!outcome.ok) return outcome.failure;
    return { created: { name: outcome.result.name, token: outcome.result.token } };
  },
  revoke: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, revokeToken, { params: { tokenId: values.tokenId }, values: { _target: `revoke:${values.tokenId}` } });
    if (!outcome.ok) return outcome.failure;
    return { revoked: true };
  },
};
