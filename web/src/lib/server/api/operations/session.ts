import { z } from 'zod';
import { text } from '../schemas.ts';
import { signIn } from '../../auth/sign-in.ts';
import { endSession } from '../../auth/sessions.ts';
import { clientAddress } from '../../auth/client-address.ts';
import { defineOperation } from '../operation.ts';

const principalSchema = z.object({
  username: z.string(),
  role: z.enum(['admin', 'user']),
  via: z.enum(['session', 'token']),
  csrfToken: z.string().optional().describe('session only: send it as `x-csrf-token` with every write'),
});

/** `GET /api/v1/session`: who is calling. */
export const getSession = defineOperation({
  operationId: 'getSession',
  method: 'GET',
  path: '/api/v1/session',
  tag: 'auth',
  summary: 'The caller: user name, role, and (for a browser session) the CSRF token',
  role: 'user',
  response: principalSchema,
  handle: async ({ principal }) => {
    const p = principal!;
    return { username: p.username, role: p.role, via: p.via, ...(p.csrfToken ? { csrfToken: p.csrfToken } : {}) };
  },
});

/** `POST /api/v1/session`: sign in with user name and password; sets the session cookie. */
export const createSession = defineOperation({
  operationId: 'createSession',
  method: 'POST',
  path: '/api/v1/session',
  tag: 'auth',
  summary: 'Sign in (sets the http-only session cookie)',
  description: 'Repeated failures for one user name from one client address, and many for a name or an address alone, are locked out for a while with back-off (429 with Retry-After; see docs/security.md).',
  role: 'public',
  status: 201,
  errors: [401, 429],
  body: z.object({ username: text(1, 100), password: text(1, 1000) }),
  response: principalSchema,
  handle: async ({ body, services, event }) => {
    const signedIn = await signIn(services, {
      username: body.username,
      password: body.password,
      address: clientAddress(event.getClientAddress(), event.request.headers.get('x-forwarded-for'), services.config.trustedProxies),
      cookies: event.cookies,
      url: event.url,
    });
    return { username: signedIn.username, role: signedIn.role, via: 'session' as const, csrfToken: signedIn.csrfToken };
  },
});

/** `DELETE /api/v1/session`: sign out. */
export const deleteSession = defineOperation({
  operationId: 'deleteSession',
  method: 'DELETE',
  path: '/api/v1/session',
  tag: 'auth',
  summary: 'Sign out (ends the session and removes the cookie)',
  role: 'user',
  handle: async ({ services, event }) => {
    await endSession(services, event.cookies);
  },
});
