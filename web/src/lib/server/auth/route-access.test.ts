import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROUTE_ACCESS, routeAccess } from './route-access.ts';

const ROUTES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../routes');
/** The files that make a folder a route SvelteKit answers (layouts and error pages do not). */
const ROUTE_FILES = new Set(['+page.svelte', '+page.ts', '+page.server.ts', '+server.ts']);

/** Every route id under src/routes, as SvelteKit spells `event.route.id`. */
function routeIds(folder = ROUTES): string[] {
  const entries = readdirSync(folder, { withFileTypes: true });
  const here = entries.some((entry) => entry.isFile() && ROUTE_FILES.has(entry.name)) ? [`/${relative(ROUTES, folder).split(sep).join('/')}`] : [];
  return [...here, ...entries.filter((entry) => entry.isDirectory()).flatMap((entry) => routeIds(join(folder, entry.name)))];
}

describe('the route table', () => {
  const ids = routeIds();

  it('finds the routes (so an empty walk cannot pass)', () => {
    expect(ids).toContain('/(app)/admin/users');
    expect(ids).toContain('/api/v1/health');
    expect(ids.length).toBeGreaterThan(60);
  });

  it('lists every route under src/routes: a new route must be added to auth/route-access.ts', () => {
    const missing = ids.filter((id) => routeAccess(id) === undefined);
    expect(missing, 'routes without an entry in ROUTE_ACCESS (refused to everyone until listed)').toEqual([]);
  });

  it('lists no route that does not exist (a renamed page must not leave a stale rule behind)', () => {
    expect(Object.keys(ROUTE_ACCESS).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('keeps administration for admins, the app for signed-in users, the API to its own checks', () => {
    for (const id of ids) {
      if (id.startsWith('/(app)/admin')) expect(ROUTE_ACCESS[id], id).toBe('admin');
      else if (id.startsWith('/(app)')) expect(ROUTE_ACCESS[id], id).toBe('user');
      if (id.startsWith('/api/')) expect(ROUTE_ACCESS[id], id).toBe('api');
      else expect(ROUTE_ACCESS[id], id).not.toBe('api');
    }
    expect(routeAccess('toString')).toBeUndefined(); // no inherited keys
  });
});
