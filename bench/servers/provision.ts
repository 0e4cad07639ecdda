import type { Database } from '@csms/db';

/** Registers stations `<prefix>0 … <prefix><count-1>` and the given tags; returns how many and how long it took. */
export async function provisionStations(db: Database, args: { prefix: string; count: number; tags: string[] }): Promise<{ stations: number; ms: number }> {
  const started = performance.now();
  for (const tag of args.tags) {
    if (!(await db.chargeTags.get(tag))) await db.chargeTags.create(tag, { name: tag });
  }
  for (let from = 0; from < args.count; from += 500) {
    await db.transaction(async (tx) => {
      for (let i = from; i < Math.min(args.count, from + 500); i++) await tx.chargePoints.create(`${args.prefix}${i}`, { name: `bench ${i}` });
    });
  }
  return { stations: args.count, ms: Math.round(performance.now() - started) };
}

/** What a reboot storm must have left in the database: every station booted and online, every connector's status. */
export interface FleetCheck {
  readonly stations: number;
  readonly booted: number;
  readonly online: number;
  readonly connectors: number;
  readonly connectorsWithStatus: number;
  readonly complete: boolean;
}

/** Counts the rows a storm of `count` stations with `connectors` StatusNotifications each should have written since `since`. */
export async function verifyFleet(db: Database, args: { prefix: string; count: number; since: Date; connectors: number }): Promise<FleetCheck> {
  const ours = (id: string) => id.startsWith(args.prefix);
  const stations = (await db.chargePoints.list()).filter((s) => ours(s.id));
  const booted = stations.filter((s) => s.bootedAt !== null && s.bootedAt.getTime() >= args.since.getTime()).length;
  const online = stations.filter((s) => s.online).length;
  const connectors = (await db.connectors.list()).filter((c) => ours(c.chargePointId));
  const withStatus = connectors.filter((c) => c.statusAt !== null && c.statusAt.getTime() >= args.since.getTime() - 1000 && c.ocppStatus !== null).length;
  return {
    stations: stations.length,
    booted,
    online,
    connectors: connectors.length,
    connectorsWithStatus: withStatus,
    complete: booted === args.count && online === args.count && withStatus === args.count * args.connectors,
  };
}
