import { endpoint } from '$lib/server/api/endpoint.ts';
import { changeConfiguration, getConfiguration } from '$lib/server/api/operations/commands.ts';

export const GET = endpoint(getConfiguration);
export const PUT = endpoint(changeConfiguration);
