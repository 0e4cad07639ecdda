import { getServices } from '$lib/server/services.ts';
import type { LayoutServerLoad } from './$types';

/** Language, time zone and the signed-in user (never secrets beyond the session's own CSRF token) for every page. */
export const load: LayoutServerLoad = ({ locals }) => {
  const principal = locals.principal?.via === 'session' ? locals.principal : null;
  return {
    locale: locals.locale,
    timeZone: getServices().config.uiTimeZone,
    user: principal ? { username: principal.username, role: principal.role, csrfToken: principal.csrfToken ?? '' } : null,
  };
};
