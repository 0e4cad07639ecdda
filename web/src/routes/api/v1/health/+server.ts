import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

const startedAt = new Date().toISOString();

/** `GET /api/v1/health`: liveness for the start command, load balancers and monitoring. */
export const GET: RequestHandler = () =>
  json({ status: 'ok', service: 'web', startedAt }, { headers: { 'cache-control': 'no-store' } });
