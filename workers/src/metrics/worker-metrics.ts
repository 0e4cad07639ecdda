import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { OVERVIEW_STATES, type OverviewCounts } from '@csms/db';
import type { RelayMetrics } from '../relay/outbox-relay.ts';
import type { ActivityMetrics, ActivityOutcome } from './activity-metrics.ts';

/** Activity duration buckets in seconds: 1 ms to 1 min (Stripe calls and DB writes, not long-running work). */
const ACTIVITY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Delivery lag buckets in seconds: 10 ms to 1 h (a Temporal outage holds events back for its duration). */
const LAG_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

type Outcome = 'delivered' | 'late' | 'malformed';

/** Options of {@link WorkerMetrics}. */
export interface WorkerMetricsOptions {
  /** Undelivered outbox events, read on each scrape (one indexed count). */
  readonly backlog: () => Promise<number>;
  /** Stations by connection and connectors by state across the fleet, read on each scrape (the overview's counts). */
  readonly fleet?: () => Promise<OverviewCounts>;
  readonly now?: () => number;
}

/**
 * The worker's Prometheus registry (`csms_worker_*`, docs/deployment.md, Metrics): the outbox relay's backlog, lag,
 * outcomes, failures and retries, the fleet's stations and connectors by state, activity attempts by name and
 * outcome, and prom-client's process metrics.
 */
export class WorkerMetrics implements RelayMetrics, ActivityMetrics {
  readonly registry = new Registry();
  readonly #settled: Record<Outcome, { inc(): void }>;
  readonly #failures: Counter;
  readonly #retries: Counter;
  readonly #lag: Histogram;
  readonly #now: () => number;
  readonly #activities: Counter<'activity' | 'outcome'>;
  readonly #activitySeconds: Histogram<'activity'>;

  constructor(options: WorkerMetricsOptions) {
    const registers = [this.registry];
    this.#now = options.now ?? Date.now;
    collectDefaultMetrics({ register: this.registry, prefix: 'csms_worker_' });
    const backlog = options.backlog;
    new Gauge({
      name: 'csms_worker_outbox_backlog',
      help: 'Outbox events not delivered yet (due now or waiting for a retry)',
      registers,
      async collect() {
        this.set(await backlog());
      },
    });
    const fleet = options.fleet;
    if (fleet) {
      // one query feeds both gauges: the stations' collect reads it, the connectors' reuses that scrape's answer
      let latest: Promise<OverviewCounts> | undefined;
      new Gauge({
        name: 'csms_worker_stations',
        help: 'Registered stations by connection (online, offline), across the fleet (shared database)',
        labelNames: ['state'],
        registers,
        async collect() {
          latest = fleet();
          const counts = await latest;
          this.set({ state: 'online' }, counts.online);
          this.set({ state: 'offline' }, counts.offline);
        },
      });
      new Gauge({
        name: 'csms_worker_connectors',
        help: 'Connectors by the state the overview shows (Charging, Available, Faulted …), across the fleet',
        labelNames: ['state'],
        registers,
        async collect() {
          const counts = await (latest ?? fleet());
          latest = undefined;
          for (const state of OVERVIEW_STATES) this.set({ state }, counts.states[state]);
        },
      });
    }
    const settled = new Counter({
      name: 'csms_worker_outbox_events_settled_total',
      help: 'Outbox events that left the outbox, by outcome (delivered, late: its session had completed, malformed: dropped)',
      labelNames: ['outcome'],
      registers,
    });
    this.#settled = { delivered: settled.labels('delivered'), late: settled.labels('late'), malformed: settled.labels('malformed') };
    // zero series exist from the start, so rate() and alerts see them before the first event
    for (const outcome of ['delivered', 'late', 'malformed'] as const) settled.inc({ outcome }, 0);
    this.#failures = new Counter({
      name: 'csms_worker_outbox_delivery_failures_total',
      help: 'Outbox deliveries that failed and will be retried with back-off',
      registers,
    });
    this.#retries = new Counter({
      name: 'csms_worker_outbox_delivery_retries_total',
      help: 'Deliveries tried again for an event whose earlier delivery failed (relay retries)',
      registers,
    });
    this.#lag = new Histogram({
      name: 'csms_worker_outbox_delivery_lag_seconds',
      help: 'From an outbox event being written to its delivery to the session workflow',
      buckets: LAG_BUCKETS,
      registers,
    });
    this.#activities = new Counter({
      name: 'csms_worker_activities_total',
      help: 'Activity attempts run by this worker, by activity and outcome (completed, failed, cancelled)',
      labelNames: ['activity', 'outcome'],
      registers,
    });
    this.#activitySeconds = new Histogram({
      name: 'csms_worker_activity_duration_seconds',
      help: 'Duration of one activity attempt, by activity',
      labelNames: ['activity'],
      buckets: ACTIVITY_BUCKETS,
      registers,
    });
  }

  activityFinished(activity: string, outcome: ActivityOutcome, ms: number): void {
    this.#activities.inc({ activity, outcome });
    this.#activitySeconds.observe({ activity }, ms / 1000);
  }

  settled(outcome: Outcome, createdAt: Date): void {
    this.#settled[outcome].inc();
    if (outcome === 'delivered') this.#lag.observe(Math.max(0, this.#now() - createdAt.getTime()) / 1000);
  }

  failed(): void {
    this.#failures.inc();
  }

  retried(): void {
    this.#retries.inc();
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
