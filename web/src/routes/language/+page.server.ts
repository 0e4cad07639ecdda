import { redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n/index.ts';
import { localPath } from '$lib/server/auth/local-path.ts';
import { LOCALE_COOKIE } from '$lib/i18n/negotiate.ts';
import { servedOverHttps } from '$lib/server/hooks/security-headers.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

const ONE_YEAR_S = 365 * 24 * 3600;

/** A GET has nothing to show. */
export const load: PageServerLoad = () => redirect(303, '/');

/** The language switch: remembers the choice in a cookie and, when signed in, in the account. */
export const actions: Actions = {
  default: async ({ request, cookies, locals, url }) => {
    const form = await request.formData();
    const lang = form.get('lang');
    if (isLocale(lang)) {
      cookies.set(LOCALE_COOKIE, lang, { path: '/', maxAge: ONE_YEAR_S, sameSite: 'lax', httpOnly: false, secure: servedOverHttps(url) });
      if (locals.principal?.via === 'session') await getServices().db.users.update(locals.principal.username, { language: lang });
    }
    redirect(303, localPath(form.get('redirectTo')));
  },
};
