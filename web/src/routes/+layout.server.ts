import { openAlertCount } from '$lib/server/alerts/alert-count.ts';
import { getServices } from '$lib/server/services.ts';
import type { LayoutServerLoad } from './$types';

/**
 * Language, time zone and the signed-in user (never secrets beyond the session's own CSRF token) for every page, and
 * for an administrator the number of open alerts the header shows.
 */
export const load: LayoutServerLoad = async ({ locals }) => {
  const principal = locals.principal?.via === 'session' ? locals.principal : null;
  return {
    alertCount: principal?.role === 'admin' ? await openAlertCount(getServices()) : null,
    locale: locals.locale,
    timeZone: getServices().config.uiTimeZone,
    user: principal ? { username: principal.username, role: principal.role, csrfToken: principal.csrfToken ?? '' } : null,
  };
};
