import type { UserLanguage, UserRole } from '@csms/db';

/** Who is calling: a signed-in browser session or an API bearer token, with the owner's role. */
export interface Principal {
  readonly via: 'session' | 'token';
  readonly userId: number;
  readonly username: string;
  readonly role: UserRole;
  /** Session only: the value a cookie-authenticated write must send in `x-csrf-token`. */
  readonly csrfToken?: string;
  /** Session only: the account's UI language. */
  readonly language?: UserLanguage;
}

/** Roles in increasing power; a route's role is the least one it accepts. */
export type RouteRole = 'public' | UserRole;

/** True when `principal` may use a route that needs `role`. */
export function hasRole(principal: Principal | null, role: RouteRole): boolean {
  if (role === 'public') return true;
  if (!principal) return false;
  return role === 'user' || principal.role === 'admin';
}
