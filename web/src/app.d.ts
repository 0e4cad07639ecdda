// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Locale } from '$lib/i18n/index.ts';
import type { Principal } from '$lib/server/auth/principal.ts';

declare global {
  namespace App {
    interface Locals {
      /** The caller, resolved once per request by `hooks.server.ts` from the bearer token or the session cookie. */
      principal: Principal | null;
      /** Set when an `Authorization` header was present but not a valid bearer token. */
      authFailure: string | null;
      /** The UI language of this request (`lib/i18n/negotiate.ts`). */
      locale: Locale;
    }
    interface Error {
      code?: string;
    }
  }
}

export {};
