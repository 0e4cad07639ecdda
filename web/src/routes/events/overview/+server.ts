import { parseOverviewQuery } from '$lib/ui/overview-query.ts';
import { getServices } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * The overview's live updates as server-sent events, for the view the page shows (the same query parameters as `/`):
 * first the page's tiles (`page`) and the counts (`counts`), then only changes — `tiles` with the tiles of the page
 * that changed, `page` when the tiles on the page are others, `counts` when a count changed. The browser's EventSource
 * reconnects by itself after a network break and then gets the page again. Signed-in users only
 * (`auth/route-access.ts`; a signed-out request gets 401 from the authorization hook).
 */
export const GET: RequestHandler = ({ request, url }) => {
  const feed = getServices().overviewFeed;
  const { query } = parseOverviewQuery(url.searchParams);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send('retry: 2000\n\n');
      const unsubscribe = feed.subscribe(query, (event) => {
        const data = event.kind === 'page' ? event.page : event.kind === 'tiles' ? event.tiles : event.counts;
        send(`event: ${event.kind}\ndata: ${JSON.stringify(data)}\n\n`);
      });
      const keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS);
      cleanup = () => {
        clearInterval(keepalive);
        unsubscribe();
        cleanup = () => {};
      };
      request.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    },
  });
};
