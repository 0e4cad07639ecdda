import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ActorMetrics } from '../actor/actor-metrics.ts';
import { answeredOutcome, failedOutcome, type CommandOutcome } from './command-outcome.ts';

/** An action label for names no OCPP version defines: a station may send any string, the label set stays bounded. */
export const UNKNOWN_ACTION = 'unknown';

/** Handler latency buckets in seconds: 0.1 ms to 5 s. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** DB commit buckets in seconds: 0.5 ms to 5 s. */
const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Ops per writer transaction; the writer's cap is 500. */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/** Options of {@link GatewayMetrics}. */
export interface GatewayMetricsOptions {
  /** Added to every series as the `node` label. */
  readonly nodeId: string;
  /** Every action name any served OCPP version defines (CALLs both ways and 2.1 SENDs); others count as `unknown`. */
  readonly knownActions: Iterable<string>;
  /** The node's live connections, counted by sub-protocol on each scrape (nothing on the message path). */
  readonly connections: () => Iterable<{ readonly subprotocol: string }>;
}

interface Inc {
  inc(): void;
}
interface Observe {
  observe(value: number): void;
}

/**
 * The gateway's Prometheus registry (`csms_gateway_*`, docs/deployment.md, Metrics) and the hooks that feed it. The
 * label children are resolved once per label value and kept, so the message path does a map lookup and an add.
 */
export class GatewayMetrics implements ActorMetrics {
  readonly registry = new Registry();
  readonly #known: ReadonlySet<string>;
  readonly #received: Counter<'action'>;
  readonly #sent: Counter<'action'>;
  readonly #callErrors: Counter<'code'>;
  readonly #latency: Histogram<'action'>;
  readonly #batchSize: Histogram;
  readonly #commitSeconds: Histogram;
  readonly #receivedBy = new Map<string, Inc>();
  readonly #sentBy = new Map<string, Inc>();
  readonly #errorsBy = new Map<string, Inc>();
  readonly #latencyBy = new Map<string, Observe>();
  readonly #commands: Counter<'action' | 'outcome'>;

  constructor(options: GatewayMetricsOptions) {
    this.#known = new Set(options.knownActions);
    const registers = [this.registry];
    this.registry.setDefaultLabels({ node: options.nodeId });
    collectDefaultMetrics({ register: this.registry, prefix: 'csms_gateway_' });
    const connections = options.connections;
    new Gauge({
      name: 'csms_gateway_connections',
      help: 'Open station connections by OCPP sub-protocol',
      labelNames: ['protocol'],
      registers,
      collect() {
        const counts = new Map<string, number>();
        for (const connection of connections()) counts.set(connection.subprotocol, (counts.get(connection.subprotocol) ?? 0) + 1);
        this.reset();
        for (const protocol of ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1']) this.set({ protocol }, counts.get(protocol) ?? 0);
        for (const [protocol, count] of counts) this.set({ protocol }, count);
      },
    });
    this.#received = new Counter({
      name: 'csms_gateway_calls_received_total',
      help: 'CALLs (and 2.1 SENDs) received from stations, by action',
      labelNames: ['action'],
      registers,
    });
    this.#sent = new Counter({
      name: 'csms_gateway_calls_sent_total',
      help: 'Server-initiated CALLs sent to stations, by action',
      labelNames: ['action'],
      registers,
    });
    this.#callErrors = new Counter({
      name: 'csms_gateway_call_errors_sent_total',
      help: 'CALLERRORs sent to stations, by error code',
      labelNames: ['code'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'csms_gateway_handler_duration_seconds',
      help: 'Time from handing a CALL to its handler to its answer (mailbox wait excluded), by action',
      labelNames: ['action'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#commands = new Counter({
      name: 'csms_gateway_commands_total',
      help: 'Server-initiated CALLs (commands) by action and how they ended: accepted, rejected, answered (no status), call_error, timeout, connection_lost, invalid_response, refused (never sent)',
      labelNames: ['action', 'outcome'],
      registers,
    });
    this.#batchSize = new Histogram({
      name: 'csms_gateway_db_batch_ops',
      help: 'Writes committed together in one transaction by the node writer (group commit)',
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.#commitSeconds = new Histogram({
      name: 'csms_gateway_db_commit_seconds',
      help: 'Duration of one committed node writer transaction (a failed batch is retried op by op, each retry counted alone)',
      buckets: COMMIT_BUCKETS,
      registers,
    });
  }

  callReceived(action: string): void {
    this.#child(this.#receivedBy, this.#received, action).inc();
  }

  callSent(action: string): void {
    this.#child(this.#sentBy, this.#sent, action).inc();
  }

  callErrorSent(code: string): void {
    let child = this.#errorsBy.get(code);
    if (child === undefined) {
      // codes come from our own serializer (the spec's fixed list), but keep the set bounded all the same
      if (this.#errorsBy.size >= 64) return this.callErrorSent('unknown');
      child = this.#callErrors.labels(code);
      this.#errorsBy.set(code, child);
    }
    child.inc();
  }

  handled(action: string, ms: number): void {
    this.#child(this.#latencyBy, this.#latency, action).observe(ms / 1000);
  }

  commandAnswered(action: string, payload: unknown): void {
    this.#commandSettled(action, answeredOutcome(payload));
  }

  commandFailed(action: string, error: unknown): void {
    this.#commandSettled(action, failedOutcome(error));
  }

  /** Commands are rare next to station traffic: a labels() lookup per settled command is fine. */
  #commandSettled(action: string, outcome: CommandOutcome): void {
    this.#commands.inc({ action: this.#known.has(action) ? action : UNKNOWN_ACTION, outcome });
  }

  /** One node writer transaction committed `ops` writes in `ms` milliseconds. */
  writerCommitted(ops: number, ms: number): void {
    this.#batchSize.observe(ops);
    this.#commitSeconds.observe(ms / 1000);
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  #child<T>(cache: Map<string, T>, metric: { labels(label: string): T }, action: string): T {
    const label = this.#known.has(action) ? action : UNKNOWN_ACTION;
    let child = cache.get(label);
    if (child === undefined) {
      child = metric.labels(label);
      cache.set(label, child);
    }
    return child;
  }
}
