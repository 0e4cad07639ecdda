import type { Database } from '@csms/db';
import type { Services } from '../services.ts';

/** How long the header's count may be old: five COUNTs per page view would be wasted on a busy admin. */
const COUNT_TTL_MS = 10_000;

const cached = new WeakMap<Database, { at: number; count: Promise<number> }>();

/**
 * The number of open alerts of every kind, for the header, at most {@link COUNT_TTL_MS} old; null when the database
 * does not answer (the header then shows no count rather than failing the page).
 */
export async function openAlertCount(services: Services): Promise<number | null> {
  const { db, config, log } = services;
  const hit = cached.get(db);
  if (hit && Date.now() - hit.at < COUNT_TTL_MS) return hit.count.catch(() => null);
  const count = db.alerts.counts(new Date(), config.alerts).then((counts) => Object.values(counts).reduce((sum, n) => sum + n, 0));
  cached.set(db, { at: Date.now(), count });
  try {
    return await count;
  } catch (error) {
    cached.delete(db);
    log.warn({ err: error }, 'cannot count the open alerts');
    return null;
  }
}
