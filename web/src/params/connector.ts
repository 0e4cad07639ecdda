import type { ParamMatcher } from '@sveltejs/kit';

/** A connector number in a driver's URL (1.6 connectorId / 2.x EVSE id): a whole number from 1. */
export const match: ParamMatcher = (param) => /^[1-9]\d{0,5}$/.test(param);
