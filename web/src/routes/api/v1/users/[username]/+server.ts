import { endpoint } from '$lib/server/api/endpoint.ts';
import { deleteUser, getUser, updateUser } from '$lib/server/api/operations/users.ts';

export const GET = endpoint(getUser);
export const PATCH = endpoint(updateUser);
export const DELETE = endpoint(deleteUser);
