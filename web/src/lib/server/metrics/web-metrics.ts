import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Request latency buckets in seconds: 1 ms to 30 s (CSV exports of large lists take seconds). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The `route` label of a request SvelteKit matched to no route (404s, probes): one value, not the path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The web app's Prometheus registry (`csms_web_*`, docs/deployment.md, Metrics and traces): HTTP requests by route id,
 * method and status class, their latency, open server-sent-event streams, and prom-client's process metrics. Labels
 * are SvelteKit route ids (`/api/v1/charge-points/[id]`), never paths, so station ids cannot grow the label set.
 */
export class WebMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'method' | 'status'>;
  readonly #latency: Histogram<'route' | 'method'>;
  readonly #sse: Gauge<'route'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'csms_web_' });
    this.#requests = new Counter({
      name: 'csms_web_http_requests_total',
      help: 'HTTP requests answered, by SvelteKit route id, method and status code',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'csms_web_http_request_duration_seconds',
      help: 'Time to the response head (a stream body is not waited for), by route id and method',
      labelNames: ['route', 'method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#sse = new Gauge({
      name: 'csms_web_sse_clients',
      help: 'Open server-sent-event streams (live overview and station pages), by route id',
      labelNames: ['route'],
      registers,
    });
  }

  /** A request was answered with `status` after `ms` milliseconds. */
  requestAnswered(route: string | null, method: string, status: number, ms: number): void {
    const label = route ?? UNMATCHED_ROUTE;
    const verb = KNOWN_METHODS.has(method) ? method : 'other';
    this.#requests.inc({ route: label, method: verb, status: String(status) });
    this.#latency.observe({ route: label, method: verb }, ms / 1000);
  }

  /** An event stream opened; the returned function closes it (idempotent). */
  streamOpened(route: string | null): () => void {
    const label = route ?? UNMATCHED_ROUTE;
    this.#sse.inc({ route: label });
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.#sse.dec({ route: label });
    };
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
