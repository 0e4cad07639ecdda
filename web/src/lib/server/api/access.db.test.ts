import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../testing/web-app.ts';
import { openApiPathOf } from './endpoint.ts';
import { OPERATIONS } from './registry.ts';

const ROUTES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../routes');
const SAMPLE: Record<string, string> = { id: 'CP-A', n: '1', username: 'test-user', tagId: 'TAG-A', tokenId: '1' };

function concrete(path: string): string {
  const numericId = path.startsWith('/api/v1/transactions/');
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (numericId && name === 'id' ? '1' : (SAMPLE[name] ?? 'x')));
}

async function routeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await routeFiles(path)));
    else if (entry.name === '+server.ts') out.push(path);
  }
  return out;
}

/** `METHOD path` of every handler exported from `web/src/routes/api/**\/+server.ts`. */
async function exportedRoutes(): Promise<string[]> {
  const found: string[] = [];
  for (const file of await routeFiles(join(ROUTES, 'api'))) {
    const routeId = `/${relative(ROUTES, dirname(file)).split('\\').join('/')}`;
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) found.push(`${match[1]} ${openApiPathOf(routeId)}`);
  }
  return found.sort();
}

describe('REST API access rules and the OpenAPI document', () => {
  let app: TestWebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(() => app?.stop());

  it('documents exactly the routes the app exports, each with its operation', async () => {
    const response = await app.call('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(await exportedRoutes());
    expect(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort()).toEqual(documented.sort());
    expect(new Set(OPERATIONS.map((op) => op.operationId)).size).toBe(OPERATIONS.length);
  });

  it('every DESIGN.md §4 path is served', () => {
    const served = new Set(OPERATIONS.map((op) => `${op.method} ${op.path.replace(/\{\w+\}/g, '{}')}`));
    const design = [
      'GET /api/v1/health', 'GET /api/v1/charge-points', 'POST /api/v1/charge-points', 'GET /api/v1/charge-points/{}',
      'PATCH /api/v1/charge-points/{}', 'DELETE /api/v1/charge-points/{}', 'POST /api/v1/charge-points/{}/reset',
      'POST /api/v1/charge-points/{}/availability', 'GET /api/v1/charge-points/{}/configuration',
      'PUT /api/v1/charge-points/{}/configuration', 'POST /api/v1/charge-points/{}/trigger',
      'POST /api/v1/charge-points/{}/clear-cache', 'POST /api/v1/charge-points/{}/connectors/{}/unlock',
      'POST /api/v1/charge-points/{}/connectors/{}/start', 'POST /api/v1/charge-points/{}/connectors/{}/stop',
      'PUT /api/v1/charge-points/{}/connectors/{}/charging-limit', 'DELETE /api/v1/charge-points/{}/connectors/{}/charging-limit',
      'PATCH /api/v1/charge-points/{}/connectors/{}', 'GET /api/v1/charge-tags', 'POST /api/v1/charge-tags',
      'GET /api/v1/charge-tags/{}', 'PATCH /api/v1/charge-tags/{}', 'DELETE /api/v1/charge-tags/{}',
      'GET /api/v1/transactions', 'GET /api/v1/transactions/{}', 'GET /api/v1/openapi.json',
    ];
    expect(design.filter((route) => !served.has(route))).toEqual([]);
  });

  it('refuses anonymous and bad-token calls with 401 on every non-public route', async () => {
    for (const op of OPERATIONS) {
      const anonymous = await app.call(concrete(op.path), { method: op.method });
      const label = `${op.method} ${op.path}`;
      if (op.role === 'public') {
        // a public route answers as it documents (e.g. the drivers' routes: 404 unknown session, 409 payments off)
        expect([200, 201, 204, 400, 415, ...(op.errors ?? [])], label).toContain(anonymous.status);
        continue;
      }
      expect(anonymous.status, label).toBe(401);
      expect(await anonymous.json(), label).toMatchObject({ error: { code: 'Unauthorized' } });
      const bad = await app.call(concrete(op.path), { method: op.method, token: 'csms_not-a-real-token' });
      expect(bad.status, label).toBe(401);
    }
  });

  it('refuses the user role on admin routes with 403 and lets it read user routes', async () => {
    for (const op of OPERATIONS.filter((o) => o.role !== 'public')) {
      const response = await app.call(concrete(op.path), { method: op.method, token: app.userToken });
      const label = `${op.method} ${op.path}`;
      if (op.role === 'admin') {
        expect(response.status, label).toBe(403);
        expect(await response.json(), label).toMatchObject({ error: { code: 'Forbidden' } });
      } else {
        expect([200, 204, 404], label).toContain(response.status);
      }
    }
  });

  it('answers unknown API paths and methods in the error format', async () => {
    const unknown = await app.call('/api/v1/nothing-here', { token: app.adminToken });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NotFound' } });
    const method = await app.call('/api/v1/diagnostics', { method: 'POST', token: app.adminToken });
    expect(method.status).toBe(405);
    expect(await method.json()).toMatchObject({ error: { code: 'MethodNotAllowed' } });
  });

  it('reports database and Temporal reachability', async () => {
    const health = await (await app.call('/api/v1/health')).json();
    expect(health).toMatchObject({ service: 'web', database: 'ok', temporal: 'unavailable', status: 'degraded' });
  });
});
