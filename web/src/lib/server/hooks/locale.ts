import type { Handle } from '@sveltejs/kit';
import { LOCALE_COOKIE, negotiateLocale } from '$lib/i18n/negotiate.ts';

/** Picks the language (cookie, account, Accept-Language) and writes it into the page's `<html lang>`. */
export const handleLocale: Handle = ({ event, resolve }) => {
  event.locals.locale = negotiateLocale({
    cookie: event.cookies.get(LOCALE_COOKIE),
    account: event.locals.principal?.language,
    acceptLanguage: event.request.headers.get('accept-language'),
  });
  const lang = event.locals.locale;
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%csms.lang%', lang) });
};
