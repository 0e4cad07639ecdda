import type { Database } from '@csms/db';

/** One outbox event as the tests compare it: type, row id and the named payload fields. */
export interface SeenEvent {
  readonly type: string;
  readonly transactionId: unknown;
  readonly [field: string]: unknown;
}

/** Every outbox event of a station (delivered or not), oldest first, with `pick` payload fields. */
export async function stationEvents(db: Database, chargePointId: string, pick: readonly string[] = ['meterWh', 'reason']): Promise<SeenEvent[]> {
  const rows = await db.outbox.pending(new Date('2999-01-01T00:00:00Z'), 100_000);
  return rows
    .filter((row) => row.payload.chargePointId === chargePointId)
    .map((row) => {
      const seen: Record<string, unknown> = { type: row.type, transactionId: row.payload.transactionId };
      for (const field of pick) if (row.payload[field] !== undefined) seen[field] = row.payload[field];
      return seen as SeenEvent;
    });
}

/** A clock the test moves by hand. */
export class ManualClock {
  #ms: number;
  constructor(start = Date.now()) {
    this.#ms = start;
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}
