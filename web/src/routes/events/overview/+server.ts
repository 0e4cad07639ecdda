import { getServices } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * The overview's live updates as server-sent events: an `tiles` event with the full tile list whenever the stored
 * state changes. The browser's EventSource reconnects by itself after a network break. Signed-in users only
 * (`auth/route-access.ts`; a signed-out request gets 401 from the authorization hook).
 */
export const GET: RequestHandler = ({ request }) => {
  const feed = getServices().overviewFeed;
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
      const unsubscribe = feed.subscribe((tiles) => send(`event: tiles\ndata: ${JSON.stringify(tiles)}\n\n`));
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
