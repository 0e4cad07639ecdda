import { randomBytes } from 'node:crypto';
import { importChargePointsCsv, importChargeTagsCsv, MAX_IMPORT_ROWS, type Database } from '@csms/db';

/** Registers stations `<prefix>0 … <prefix><count-1>` and the given tags from fleet CSV files (issue 14's bulk import). */
export async function provisionStations(db: Database, args: { prefix: string; count: number; tags: string[] }): Promise<{ stations: number; ms: number }> {
  const started = performance.now();
  if (args.tags.length > 0) await importChargeTagsCsv(db, ['tagId,name', ...args.tags.map((tag) => `${tag},${tag}`)].join('\n'));
  const secretKey = { bytes: randomBytes(32), source: 'env' as const };
  for (let from = 0; from < args.count; from += MAX_IMPORT_ROWS) {
    const lines = ['id,name'];
    for (let i = from; i < Math.min(args.count, from + MAX_IMPORT_ROWS); i++) lines.push(`${args.prefix}${i},bench ${i}`);
    await importChargePointsCsv(db, lines.join('\n'), { secretKey });
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
