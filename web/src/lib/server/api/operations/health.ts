import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { defineOperation } from '../operation.ts';
import type { Services } from '../../services.ts';

const startedAt = new Date().toISOString();
const reachability = z.enum(['ok', 'unavailable']);

async function temporalReachable(services: Services): Promise<boolean> {
  const { temporalConnection: connection } = services;
  try {
    await connection.withDeadline(Date.now() + 1500, () => connection.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

/** `GET /api/v1/health`: 200 while the database answers (`degraded` when Temporal does not), else 503. */
export const getHealth = defineOperation({
  operationId: 'getHealth',
  method: 'GET',
  path: '/api/v1/health',
  tag: 'system',
  summary: 'Liveness and reachability of the database and Temporal',
  description:
    'Public. 200 with `status: "ok"` when both answer; 200 with `status: "degraded"` and `temporal: "unavailable"` ' +
    'when only Temporal is down (reads keep working, commands answer 503); 503 when the database is down.',
  role: 'public',
  errors: [503],
  response: z.object({
    status: z.enum(['ok', 'degraded', 'unavailable']),
    service: z.literal('web'),
    startedAt: z.string(),
    database: reachability,
    temporal: reachability,
  }),
  handle: async ({ services }) => {
    const [database, temporal] = await Promise.all([services.db.ping(1500), temporalReachable(services)]);
    const body = {
      status: !database ? 'unavailable' : temporal ? 'ok' : 'degraded',
      service: 'web',
      startedAt,
      database: database ? 'ok' : 'unavailable',
      temporal: temporal ? 'ok' : 'unavailable',
    } as const;
    return database ? body : json(body, { status: 503, headers: { 'cache-control': 'no-store' } });
  },
});
