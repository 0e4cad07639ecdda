import type { Handle } from '@sveltejs/kit';
import { getServices } from '../services.ts';

/**
 * Counts every request by route id, method and status, and its time to the response head (outermost hook, so
 * refusals by later hooks count too). An event stream is counted as an open SSE client until the browser goes away
 * (the request's abort signal, which adapter-node fires when the socket closes). Without `WEB_METRICS_PORT`, nothing.
 */
export const handleMetrics: Handle = async ({ event, resolve }) => {
  const metrics = getServices().metrics;
  if (!metrics) return resolve(event);
  const started = performance.now();
  const route = event.route.id;
  let status = 500;
  try {
    const response = await resolve(event);
    status = response.status;
    if (response.headers.get('content-type')?.startsWith('text/event-stream') && !event.request.signal.aborted) {
      const closed = metrics.streamOpened(route);
      event.request.signal.addEventListener('abort', closed, { once: true });
    }
    return response;
  } finally {
    metrics.requestAnswered(route, event.request.method, status, performance.now() - started);
  }
};
