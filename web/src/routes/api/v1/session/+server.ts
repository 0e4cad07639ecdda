import { endpoint } from '$lib/server/api/endpoint.ts';
import { createSession, deleteSession, getSession } from '$lib/server/api/operations/session.ts';

export const GET = endpoint(getSession);
export const POST = endpoint(createSession);
export const DELETE = endpoint(deleteSession);
