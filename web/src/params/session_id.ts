import type { ParamMatcher } from '@sveltejs/kit';

/**
 * A paid session's id: base64url, 128 random bits and more. The matcher keeps `/charge/session/<n>` of a station
 * whose id happens to be "session" on the connector page (a connector number never matches).
 */
export const match: ParamMatcher = (param) => /^[A-Za-z0-9_-]{20,100}$/.test(param);
