import type { Logger } from 'pino';
import type { Database } from '@csms/db';
import type { Clock } from '../actor/handler.ts';

/** Options of {@link NodeLease}. */
export interface NodeLeaseOptions {
  readonly db: Pick<Database, 'gatewayNodes' | 'transaction'>;
  readonly nodeId: string;
  /** How long the lease lasts without a renewal; it is renewed every third of that. */
  readonly leaseMs: number;
  /** The stations connected to this node right now. */
  readonly heldStations: () => string[];
  readonly logger: Logger;
  readonly clock: Clock;
}

/**
 * This node's liveness in the database (docs/gateway.md, Node liveness): a lease renewed every third of its length.
 * A node that dies for good stops renewing and the worker's sweeper marks its stations offline. A node that only
 * could not write for a while (a locked database) finds its lease lapsed at the next renewal and claims the stations
 * it still holds back, so none stays shown offline while connected.
 */
export class NodeLease {
  readonly #options: NodeLeaseOptions;
  #timer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | undefined;

  constructor(options: NodeLeaseOptions) {
    this.#options = options;
  }

  /** Takes the lease and starts renewing it. */
  async start(): Promise<void> {
    const { db, nodeId, leaseMs, clock } = this.#options;
    await db.gatewayNodes.start(nodeId, clock.now(), leaseMs);
    this.#timer = setInterval(() => void this.renew(), Math.max(250, Math.floor(leaseMs / 3)));
    this.#timer.unref();
  }

  /** Renews now (also called by the timer); a renewal in progress is not doubled. Never rejects. */
  renew(): Promise<void> {
    this.#renewing ??= this.#renew().finally(() => {
      this.#renewing = undefined;
    });
    return this.#renewing;
  }

  /** Stops renewing and records a clean shutdown (the node has marked its own stations offline). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#renewing;
    await this.#options.db.gatewayNodes.stop(this.#options.nodeId, this.#options.clock.now());
  }

  async #renew(): Promise<void> {
    const { db, nodeId, leaseMs, clock, logger } = this.#options;
    try {
      // one transaction: a lapse is never acknowledged without the stations being claimed back
      const outcome = await db.transaction(async (tx) => {
        const renewal = await tx.gatewayNodes.renew(nodeId, clock.now(), leaseMs);
        if (!renewal.lapsed) return undefined;
        const held = this.#options.heldStations();
        return { held: held.length, reclaimed: await tx.gatewayNodes.reclaim(nodeId, held, renewal.reason) };
      });
      if (outcome) logger.warn({ nodeId, ...outcome }, 'node lease had lapsed (stations were marked offline); connected stations reclaimed');
    } catch (error) {
      logger.warn({ err: error, nodeId }, 'node lease renewal failed; retrying at the next interval');
    }
  }
}
