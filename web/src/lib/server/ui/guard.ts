import { error, redirect } from '@sveltejs/kit';
import type { Principal } from '../auth/principal.ts';

/** The signed-in browser user, or a redirect to the sign-in page. */
export function requireUser(locals: App.Locals): Principal {
  const principal = locals.principal;
  if (!principal || principal.via !== 'session') redirect(303, '/login');
  return principal;
}

/** The signed-in administrator; a plain user gets 403 (the error page says "Access denied"). */
export function requireAdmin(locals: App.Locals): Principal {
  const principal = requireUser(locals);
  if (principal.role !== 'admin') error(403, { message: 'forbidden', code: 'Forbidden' });
  return principal;
}
