import { createUser, deleteUser, updateUser } from '$lib/server/api/operations/users.ts';
import { signedIn } from '$lib/server/ui/guard.ts';
import { formValues, runForm } from '$lib/server/ui/run-form.ts';
import { listView } from '$lib/server/lists/list-params.ts';
import { userListParams } from '$lib/server/lists/user-list.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** One page of the users (never their passwords), searched and sorted in SQL. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = signedIn(locals);
  const params = userListParams(url);
  const { rows: users, total } = await getServices().db.users.page(params);
  return {
    me: me.username,
    view: listView(params, total),
    users: users.map((u) => ({ username: u.username, role: u.role, language: u.language, lastLoginAt: u.lastLoginAt?.toISOString() ?? null })),
  };
};

/** Create, change role, set a password, delete: each through the API's operation (the last admin stays). */
export const actions: Actions = {
  create: async (event) => {
    const values = await formValues(event.request);
    const body = { username: (values.username ?? '').trim(), password: values.password ?? '', role: values.role, language: values.language };
    const { password: _secret, ...safe } = values;
    const outcome = await runForm(event, createUser, { body, values: { ...safe, _target: 'create' }, conflictField: 'username' });
    if (!outcome.ok) return outcome.failure;
    return { done: 'created', target: 'create' };
  },
  role: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, updateUser, {
      params: { username: values.username },
      body: { role: values.role, language: values.language },
      values: { ...values, _target: `role:${values.username}` },
    });
    if (!outcome.ok) return outcome.failure;
    return { done: 'saved', target: `role:${values.username}` };
  },
  password: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, updateUser, {
      params: { username: values.username },
      body: { password: values.password ?? '' },
      values: { username: values.username ?? '', _target: `password:${values.username}` },
    });
    if (!outcome.ok) return outcome.failure;
    return { done: 'password', target: `password:${values.username}` };
  },
  delete: async (event) => {
    const values = await formValues(event.request);
    const outcome = await runForm(event, deleteUser, {
      params: { username: values.username },
      values: { ...values, _target: `delete:${values.username}` },
    });
    if (!outcome.ok) return outcome.failure;
    return { done: 'deleted', target: 'create' };
  },
};
