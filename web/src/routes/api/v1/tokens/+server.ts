import { endpoint } from '$lib/server/api/endpoint.ts';
import { createToken, listTokens } from '$lib/server/api/operations/tokens.ts';

export const GET = endpoint(listTokens);
export const POST = endpoint(createToken);
