import { endpoint } from '$lib/server/api/endpoint.ts';
import { createUser, listUsers } from '$lib/server/api/operations/users.ts';

export const GET = endpoint(listUsers);
export const POST = endpoint(createUser);
