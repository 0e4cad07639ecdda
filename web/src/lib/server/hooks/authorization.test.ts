import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { handleAuthorization, signInPath, verdict } from './authorization.ts';

const admin: Principal = { via: 'session', userId: 1, username: 'a', role: 'admin', csrfToken: 'c' };
const user: Principal = { via: 'session', userId: 2, username: 'u', role: 'user', csrfToken: 'c' };
const adminToken: Principal = { via: 'token', userId: 1, username: 'a', role: 'admin' };

interface Request {
  readonly routeId: string | null;
  readonly path: string;
  readonly principal?: Principal | null;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly isDataRequest?: boolean;
}

/** Runs the hook on a fake event; `resolved` says whether the route's own code would have run. */
async function guard(request: Request): Promise<{ response: Response; resolved: boolean; fetched: string[] }> {
  let resolved = false;
  const fetched: string[] = [];
  const event = {
    route: { id: request.routeId },
    url: new URL(`http://app.test${request.path}`),
    locals: { principal: request.principal ?? null, authFailure: null, locale: 'en' },
    isDataRequest: request.isDataRequest ?? false,
    request: new Request(`http://app.test${request.path}`, { method: request.method ?? 'GET', headers: request.headers }),
    fetch: (path: string) => {
      fetched.push(path);
      return Promise.resolve(new Response('<h1>Access denied</h1>', { status: 403, headers: { 'content-type': 'text/html', 'set-cookie': 'x=1' } }));
    },
  } as unknown as RequestEvent;
  const resolve = vi.fn((_event: RequestEvent, _options?: ResolveOptions) => {
    resolved = true;
    return Promise.resolve(new Response('the route ran'));
  });
  try {
    return { response: await handleAuthorization({ event, resolve }), resolved, fetched };
  } catch (thrown) {
    // SvelteKit's redirect() throws; the runtime turns it into its JSON redirect for data and form requests
    const redirect = thrown as { status: number; location: string };
    return { response: new Response(null, { status: redirect.status, headers: { location: redirect.location, 'x-thrown': '1' } }), resolved, fetched };
  }
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('verdict', () => {
  it('admits by the table and refuses a route the table does not know', () => {
    expect(verdict('public', null)).toBe('pass');
    expect(verdict('api', null)).toBe('pass');
    expect(verdict('user', null)).toBe('sign-in');
    expect(verdict('user', user)).toBe('pass');
    expect(verdict('admin', user)).toBe('forbidden');
    expect(verdict('admin', admin)).toBe('pass');
    expect(verdict(undefined, null)).toBe('sign-in');
    expect(verdict(undefined, admin)).toBe('forbidden');
    // a bearer token is for the API, not for pages
    expect(verdict('admin', adminToken)).toBe('sign-in');
  });
});

describe('handleAuthorization', () => {
  it('sends a signed-out page request to sign-in with the way back, without running the route', async () => {
    const { response, resolved } = await guard({ routeId: '/(app)/admin/users', path: '/admin/users?x=1', headers: HTML });
    expect(resolved).toBe(false);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?redirectTo=%2Fadmin%2Fusers%3Fx%3D1');
    expect(signInPath(new URL('http://app.test/'))).toBe('/login');
  });

  it('refuses a signed-out form post to an action too (a layout load would not have run before it)', async () => {
    const post = await guard({ routeId: '/(app)/admin/tags/new', path: '/admin/tags/new', method: 'POST', headers: HTML });
    expect(post.resolved).toBe(false);
    expect(post.response.status).toBe(303);
    const enhanced = await guard({ routeId: '/(app)/admin/tags/new', path: '/admin/tags/new', method: 'POST', headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } });
    expect(enhanced.resolved).toBe(false);
    expect(enhanced.response.headers.get('x-thrown')).toBe('1'); // SvelteKit's own redirect format
  });

  it('answers 401 to a signed-out stream or download, and 403 JSON to a user’s data or enhanced-form request', async () => {
    const stream = await guard({ routeId: '/events/overview', path: '/events/overview', headers: { accept: 'text/event-stream' } });
    expect(stream.response.status).toBe(401);
    expect(stream.resolved).toBe(false);
    const fetched = await guard({ routeId: '/(app)/admin/charge-points/[id]/qr/[connector=connector].svg', path: '/admin/charge-points/X/qr/1.svg', headers: { accept: 'application/json' } });
    expect(fetched.response.status).toBe(401);
    // a client that accepts anything (curl, a plain fetch) is treated as a browser
    expect((await guard({ routeId: '/(app)', path: '/', headers: { accept: '*/*' } })).response.status).toBe(303);
    const data = await guard({ routeId: '/(app)/admin', path: '/admin', principal: user, isDataRequest: true });
    expect(data.response.status).toBe(403);
    expect(await data.response.json()).toEqual({ message: 'forbidden', code: 'Forbidden' });
    const action = await guard({ routeId: '/(app)/admin/users', path: '/admin/users', method: 'POST', principal: user, headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } });
    expect(action.response.status).toBe(403);
    expect(action.resolved).toBe(false);
  });

  it('shows a user the app’s "Access denied" page with 403 for an admin page, without its cookies twice', async () => {
    const { response, resolved, fetched } = await guard({ routeId: '/(app)/admin/users', path: '/admin/users', principal: user, headers: HTML });
    expect(resolved).toBe(false);
    expect(fetched).toEqual(['/access-denied']);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Access denied');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('lets through what the table allows, the API to its own checks, and unknown paths to the 404', async () => {
    expect((await guard({ routeId: '/(app)/admin/users', path: '/admin/users', principal: admin, headers: HTML })).resolved).toBe(true);
    expect((await guard({ routeId: '/(app)', path: '/', principal: user, headers: HTML })).resolved).toBe(true);
    expect((await guard({ routeId: '/login', path: '/login', headers: HTML })).resolved).toBe(true);
    expect((await guard({ routeId: '/api/v1/users', path: '/api/v1/users' })).resolved).toBe(true);
    expect((await guard({ routeId: null, path: '/nowhere', headers: HTML })).resolved).toBe(true);
  });

  it('refuses a route missing from the table, even to an admin', async () => {
    const signedOut = await guard({ routeId: '/(app)/admin/new-page', path: '/admin/new-page', headers: HTML });
    expect(signedOut.response.status).toBe(303);
    const asAdmin = await guard({ routeId: '/(app)/admin/new-page', path: '/admin/new-page', principal: admin, headers: HTML });
    expect(asAdmin.resolved).toBe(false);
    expect(asAdmin.response.status).toBe(403);
  });
});
