import { expect } from 'vitest';
import type { Conformance, StationUnderTest } from './harness.ts';

/** A transaction as `GET /api/v1/transactions` answers it (the fields the core cases read). */
export interface RecordedTransaction {
  readonly id: number;
  readonly connectorId: number;
  readonly startTag: string | null;
  readonly startedAt: string;
  readonly stoppedAt: string | null;
  readonly stopReason: string | null;
  readonly meterStartWh: number;
  readonly meterStopWh: number | null;
  readonly energyWh: number | null;
  readonly status: string;
}

/**
 * The OCA "Charging" reusable state on a connector: Authorize (Accepted), then Preparing, StartTransaction
 * (Accepted) and Charging. Resolves with the transactionId the system gave.
 */
export async function charging(station: StationUnderTest, idTag: string, connectorId = 1): Promise<number> {
  expect(await station.cp.authorize(idTag)).toBe('Accepted');
  const tx = await station.cp.startTransaction(connectorId, idTag);
  expect(tx.authorizationStatus).toBe('Accepted');
  expect(tx.transactionId).toEqual(expect.any(Number));
  return tx.transactionId as number;
}

/** The system's own record: every transaction of the station, newest first. */
export async function transactionsOf(t: Conformance, stationId: string): Promise<RecordedTransaction[]> {
  const answer = await t.api('GET', `/transactions?chargePointId=${encodeURIComponent(stationId)}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.json<{ items: RecordedTransaction[] }>().items;
}

/** Waits until the system has recorded transaction `id` as stopped; resolves with the record. */
export async function stoppedTransaction(t: Conformance, stationId: string, id: number): Promise<RecordedTransaction> {
  let found: RecordedTransaction | undefined;
  await expect
    .poll(
      async () => {
        found = (await transactionsOf(t, stationId)).find((tx) => tx.id === id);
        return found?.stoppedAt ?? null;
      },
      { timeout: 30_000, message: `transaction ${id} of ${stationId} recorded as stopped` },
    )
    .not.toBeNull();
  return found!;
}

/** Waits until the station has received `count` answers to its own CALLs with this action. */
export async function waitForAnswers(station: StationUnderTest, action: string, count = 1): Promise<void> {
  await expect
    .poll(() => station.answers(action).length, { timeout: 30_000, message: `${station.id} waits for ${count} answers to ${action}` })
    .toBeGreaterThanOrEqual(count);
}

/** From now on, every CALL the station sends, in wire order (action and payload), for cases that check the order. */
export function recordSentCalls(station: StationUnderTest): [string, Record<string, unknown>][] {
  const sent: [string, Record<string, unknown>][] = [];
  station.cp.on('frame', ({ direction, text }: { direction: 'in' | 'out'; text: string }) => {
    const frame = JSON.parse(text) as unknown[];
    if (direction === 'out' && frame[0] === 2) sent.push([frame[2] as string, frame[3] as Record<string, unknown>]);
  });
  return sent;
}
