import { ALERT_KINDS, type AlertItems, type AlertKind } from '@csms/db';
import { iso } from '../api/schemas.ts';
import type { Services } from '../services.ts';

/** Rows of one alert kind as JSON (times in ISO 8601 UTC). */
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** One kind's page as the page and the API show it (a union over the kinds, so `kind` narrows `items`). */
export type AlertSection = {
  [K in AlertKind]: { readonly kind: K; readonly total: number; readonly offset: number; readonly items: Json<AlertItems[K]>[] };
}[AlertKind];

/** Every kind's page, in {@link ALERT_KINDS} order, and the thresholds they were computed with. */
export interface AlertList {
  /** The instant the alerts were computed at. */
  readonly at: string;
  readonly thresholds: { offlineMinutes: number; sessionHours: number; commandFailureHours: number; securityEventHours: number };
  readonly sections: AlertSection[];
}

function toJson<T extends object>(row: T): Json<T> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? iso(value) : value])) as Json<T>;
}

/**
 * The alerts of `kinds` at this instant: per kind its COUNT and one page of `limit` rows from its offset (0 unless
 * `offsets` names one). Never more than `limit` rows of a kind are read, whatever the fleet's size.
 */
export async function listAlerts(
  services: Services,
  options: { kinds?: readonly AlertKind[]; limit: number; offsets?: Partial<Record<AlertKind, number>> },
): Promise<AlertList> {
  const now = new Date();
  const thresholds = services.config.alerts;
  const kinds = options.kinds ?? ALERT_KINDS;
  const sections = await Promise.all(
    kinds.map(async (kind): Promise<AlertSection> => {
      const offset = options.offsets?.[kind] ?? 0;
      const page = await services.db.alerts.page(kind, now, thresholds, options.limit, offset);
      return { kind, total: page.total, offset, items: page.items.map((row) => toJson(row as object)) } as AlertSection;
    }),
  );
  return {
    at: iso(now),
    thresholds: {
      offlineMinutes: thresholds.offlineMs / 60_000,
      sessionHours: thresholds.longSessionMs / 3_600_000,
      commandFailureHours: thresholds.failedCommandWindowMs / 3_600_000,
      securityEventHours: thresholds.securityEventWindowMs / 3_600_000,
    },
    sections,
  };
}
