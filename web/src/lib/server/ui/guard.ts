import { error, redirect } from '@sveltejs/kit';
import type { Principal } from '../auth/principal.ts';

/**
 * The signed-in browser user of a page the authorization hook (`hooks/authorization.ts`) has already admitted, for
 * loads and actions that need to know who it is. Absent only when the route table lets signed-out callers in, which
 * is a programming error, not a refusal.
 */
export function signedIn(locals: App.Locals): Principal {
  const principal = locals.principal;
  if (!principal || principal.via !== 'session') throw new Error('no signed-in user: is this route public in auth/route-access.ts?');
  return principal;
}

/** The signed-in browser user, or a redirect to the sign-in page (a second check beside the hook's, in helpers). */
export function requireUser(locals: App.Locals): Principal {
  const principal = locals.principal;
  if (!principal || principal.via !== 'session') redirect(303, '/login');
  return principal;
}

/** The signed-in administrator; a plain user gets 403 (a second check beside the hook's, in `runForm`). */
export function requireAdmin(locals: App.Locals): Principal {
  const principal = requireUser(locals);
  if (principal.role !== 'admin') error(403, { message: 'forbidden', code: 'Forbidden' });
  return principal;
}
