import type { InferEntity } from '@mikro-orm/core';
import { ChargePointEntity } from '../entities/charge-point.entity.ts';
import { GatewayNodeEntity } from '../entities/gateway-node.entity.ts';
import { InvalidInputError } from '../errors.ts';
import type { Session } from '../orm/session.ts';
import { chunk } from './support.ts';

/** A gateway node's lease as plain data. */
export interface GatewayNodeRecord {
  readonly nodeId: string;
  readonly startedAt: Date;
  readonly renewedAt: Date;
  readonly leaseExpiresAt: Date;
  /** When the sweeper found the lease lapsed and marked the node's stations offline (cleared by the next renewal). */
  readonly expiredAt: Date | null;
  /** When the node shut down cleanly. */
  readonly stoppedAt: Date | null;
}

/** A node whose lease lapsed, as {@link GatewayNodeRepository.sweepExpired} handled it. */
export interface ExpiredNode {
  readonly nodeId: string;
  readonly leaseExpiredAt: Date;
  /** The stations it held, now marked offline. */
  readonly stations: readonly string[];
}

/** The answer of {@link GatewayNodeRepository.renew}. */
export type LeaseRenewal =
  | { readonly lapsed: false }
  /** The sweeper had given the node up; `reason` is what it recorded on the stations it marked offline. */
  | { readonly lapsed: true; readonly reason: string };

function toRecord(row: InferEntity<typeof GatewayNodeEntity>): GatewayNodeRecord {
  return {
    nodeId: row.nodeId,
    startedAt: row.startedAt,
    renewedAt: row.renewedAt,
    leaseExpiresAt: row.leaseExpiresAt,
    expiredAt: row.expiredAt ?? null,
    stoppedAt: row.stoppedAt ?? null,
  };
}

function assertLease(leaseMs: number): void {
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1000) throw new InvalidInputError('a node lease must last at least 1000 ms');
}

/**
 * Node liveness (docs/persistence.md): each gateway node holds a lease it renews; a node that dies for good stops
 * renewing, and the sweeper marks the stations it held offline with the reason, so no station stays "online" on a
 * node that is gone.
 */
export interface GatewayNodeRepository {
  /** A node starts (or starts again): its lease begins now and lasts `leaseMs`. */
  start(nodeId: string, at: Date, leaseMs: number): Promise<GatewayNodeRecord>;
  /**
   * Extends the lease to `at + leaseMs`. Returns `lapsed: true` when the sweeper had already given the node up (its
   * stations are marked offline): the node must then claim its live connections back ({@link reclaim}).
   */
  renew(nodeId: string, at: Date, leaseMs: number): Promise<LeaseRenewal>;
  /**
   * Marks the stations the node still holds online at `nodeId` again after a lapse: only those the sweeper marked
   * offline for that lapse (`reason`) and that connected nowhere since. Returns how many.
   */
  reclaim(nodeId: string, chargePointIds: readonly string[], reason: string): Promise<number>;
  /** A clean shutdown: the node marked its own stations offline, nothing is left to sweep. */
  stop(nodeId: string, at: Date): Promise<void>;
  /**
   * Marks offline, with the reason, the stations of every node whose lease lapsed before `now` (once per lapse);
   * returns what it did.
   */
  sweepExpired(now: Date): Promise<ExpiredNode[]>;
  get(nodeId: string): Promise<GatewayNodeRecord | null>;
  list(): Promise<GatewayNodeRecord[]>;
}

/** The `offlineReason` the sweeper records for a station of a lapsed node. */
export function leaseLapsedReason(nodeId: string, leaseExpiredAt: Date): string {
  return `gateway node ${nodeId} stopped renewing its lease (expired ${leaseExpiredAt.toISOString()})`;
}

/** Binds the gateway node repository to a session. */
export function createGatewayNodeRepository(session: Session): GatewayNodeRepository {
  return {
    start: async (nodeId, at, leaseMs) => {
      assertLease(leaseMs);
      return session.write(async (em) => {
        const leaseExpiresAt = new Date(at.getTime() + leaseMs);
        const row = (await em.findOne(GatewayNodeEntity, { nodeId })) ?? em.create(GatewayNodeEntity, { nodeId, startedAt: at, renewedAt: at, leaseExpiresAt });
        Object.assign(row, { startedAt: at, renewedAt: at, leaseExpiresAt, expiredAt: null, stoppedAt: null });
        await em.flush();
        return toRecord(row);
      });
    },
    renew: async (nodeId, at, leaseMs) => {
      assertLease(leaseMs);
      return session.write(async (em) => {
        const lease = { renewedAt: at, leaseExpiresAt: new Date(at.getTime() + leaseMs), stoppedAt: null };
        // Conditional first: on PostgreSQL a concurrent sweep holds the row, and the condition is re-checked after it
        // commits, so a lapse is never missed.
        if ((await em.nativeUpdate(GatewayNodeEntity, { nodeId, expiredAt: null }, lease)) > 0) return { lapsed: false };
        const swept = await em.findOne(GatewayNodeEntity, { nodeId }, { disableIdentityMap: true });
        if (!swept) {
          em.create(GatewayNodeEntity, { nodeId, startedAt: at, ...lease });
          await em.flush();
          return { lapsed: false };
        }
        await em.nativeUpdate(GatewayNodeEntity, { nodeId }, { ...lease, expiredAt: null });
        return { lapsed: true, reason: leaseLapsedReason(nodeId, swept.leaseExpiresAt) };
      });
    },
    reclaim: async (nodeId, chargePointIds, reason) => {
      if (chargePointIds.length === 0) return 0;
      return session.write(async (em) => {
        let count = 0;
        // a station that connected anywhere since has its reason cleared, so a stale socket cannot claim it
        for (const batch of chunk([...chargePointIds], 500)) {
          count += await em.nativeUpdate(
            ChargePointEntity,
            { id: { $in: batch }, nodeId: null, offlineReason: reason, deletedAt: null },
            { online: true, nodeId, offlineReason: null },
          );
        }
        return count;
      });
    },
    stop: (nodeId, at) =>
      session.write(async (em) => {
        await em.nativeUpdate(GatewayNodeEntity, { nodeId }, { stoppedAt: at, leaseExpiresAt: at });
      }),
    sweepExpired: (now) =>
      session.write(async (em) => {
        const lapsed = await em.find(GatewayNodeEntity, { leaseExpiresAt: { $lt: now }, expiredAt: null, stoppedAt: null }, { orderBy: { nodeId: 'asc' } });
        const swept: ExpiredNode[] = [];
        for (const node of lapsed) {
          // conditional: a node that renewed meanwhile keeps its stations
          const claimed = await em.nativeUpdate(
            GatewayNodeEntity,
            { nodeId: node.nodeId, leaseExpiresAt: { $lt: now }, expiredAt: null, stoppedAt: null },
            { expiredAt: now },
          );
          if (claimed === 0) continue;
          const held = await em.find(ChargePointEntity, { nodeId: node.nodeId }, { fields: ['id'], disableIdentityMap: true });
          const stations = held.map((row) => row.id).sort();
          if (stations.length > 0) {
            await em.nativeUpdate(
              ChargePointEntity,
              { nodeId: node.nodeId },
              { online: false, nodeId: null, offlineReason: leaseLapsedReason(node.nodeId, node.leaseExpiresAt) },
            );
          }
          swept.push({ nodeId: node.nodeId, leaseExpiredAt: node.leaseExpiresAt, stations });
        }
        return swept;
      }),
    get: (nodeId) =>
      session.read(async (em) => {
        const row = await em.findOne(GatewayNodeEntity, { nodeId }, { disableIdentityMap: true });
        return row ? toRecord(row) : null;
      }),
    list: () => session.read(async (em) => (await em.find(GatewayNodeEntity, {}, { orderBy: { nodeId: 'asc' } })).map(toRecord)),
  };
}
