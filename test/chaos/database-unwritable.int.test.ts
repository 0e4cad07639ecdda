import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '@csms/db';
import { chaosSettings } from './support/chaos-settings.ts';
import { writeChaosReport } from './support/chaos-report.ts';
import { ChaosSystem } from './support/chaos-system.ts';
import { CommandClient } from './support/command-client.ts';
import { lockDatabase, type LockWindow } from './support/database-lock.ts';
import { Fleet, waitUntil } from './support/fleet.ts';
import { Random } from './support/random.ts';
import { CHAOS_ENV, LATE_COMMAND_MS, prepareStations } from './support/scenario.ts';
import { verifyRun } from './support/verify-run.ts';
import { expectNothingLost } from './support/expect-nothing-lost.ts';

const settings = chaosSettings();
/** How long a station waits for an answer before it gives up and sends again. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * Chaos, part 3: the database unwritable for a while (CHAOS_LOCK_SECONDS) while stations charge. No station gets a
 * CALLRESULT for a message that was not committed; the stations' messages time out, are sent again, and nothing is
 * lost or doubled once the database takes writes again.
 */
describe(`chaos: the database unwritable for ${settings.lockMs / 1000} s (seed ${settings.seed})`, () => {
  let system: ChaosSystem;
  let fleet: Fleet | undefined;

  beforeAll(async () => {
    system = await ChaosSystem.start({ scenario: 'database-unwritable', temporalCli: inject('temporalCliPath'), env: CHAOS_ENV });
  }, 900_000);

  afterAll(async () => {
    await fleet?.close();
    await system?.stop();
  }, 120_000);

  it('answers nothing it did not commit; the stations send again and nothing is lost', async () => {
    const random = new Random(settings.seed);
    const plans = await prepareStations(system, random.fork('stations'), { prefix: 'LOCK', count: settings.stations, url: () => system.gatewayUrl() });
    const commands = new CommandClient(system.webUrl, system.token);
    fleet = new Fleet({ stations: plans, commands, random: random.fork('fleet'), sessions: 0, meterReadings: settings.meterReadings, lateCommandMs: LATE_COMMAND_MS, remoteShare: 0.2, callTimeoutMs: CALL_TIMEOUT_MS });
    await fleet.connect();
    let charging = true;
    fleet.run(() => charging);
    await waitUntil(() => fleet!.stopsAnswered >= settings.stations, 600_000);

    // while the lock is held: everything a station got a CALLRESULT for must already be in the database
    const uncommitted: string[] = [];
    const checkAnsweredAreCommitted = async (reader: Database) => {
      for (const session of fleet!.sessions.filter((s) => s.startAnswered)) {
        const rows = await reader.transactions.list({ chargePointId: session.station, limit: 100_000 });
        const row = rows.find((r) => (session.protocol === 'ocpp1.6' ? r.id === session.tx.transactionId : r.externalId === session.tx.transactionId));
        if (!row) uncommitted.push(`${session.station}: start of ${String(session.tx.transactionId)} answered but not in the database`);
        else if (session.stopAnswered && row.status !== 'Completed') uncommitted.push(`${session.station}: stop of ${String(session.tx.transactionId)} answered but the record is ${row.status}`);
      }
    };
    // connected before the lock: a new SQLite connection's set-up (journal mode) itself waits for the lock
    const reader = await openDatabase(system.database.url);
    let window: LockWindow;
    let outageShown: boolean | undefined;
    try {
      await reader.chargePoints.list();
      const lock = await lockDatabase(system.database.url, (url) => openDatabase(url));
      await sleep(settings.lockMs);
      // The outage lasts until a station's transaction message sent inside it has waited past the station's timeout,
      // so the run shows it for certain: a window in which the seed's stations happened to send nothing showed nothing.
      outageShown = await waitUntil(
        () => fleet!.transactionCalls.some((c) => c.sentAt >= lock.heldFrom && c.answeredAt === undefined && Date.now() - c.sentAt > CALL_TIMEOUT_MS),
        120_000,
      );
      await checkAnsweredAreCommitted(reader);
      window = await lock.release();
    } finally {
      await reader.close();
    }
    const completedAt = fleet.stopsAnswered;
    await waitUntil(() => fleet!.stopsAnswered >= completedAt + settings.stations, 600_000);
    charging = false;
    await fleet.finished();
    await fleet.settle();
    const verdict = await verifyRun(system, fleet, commands);

    const during = fleet.transactionCalls.filter((call) => call.sentAt >= window.heldFrom && call.sentAt <= window.heldUntil);
    const notAnswered = during.filter((call) => call.outcome !== 'result');
    const answeredDuring = during.filter((call) => call.outcome === 'result' && (call.answeredAt ?? Infinity) <= window.heldUntil);
    await writeChaosReport('database-unwritable', system.database.dialect, {
      seed: settings.seed,
      stationCount: settings.stations,
      lockMs: window.heldUntil - window.heldFrom,
      lockedBy: system.database.dialect === 'sqlite' ? 'a write transaction held open (BEGIN IMMEDIATE)' : 'LOCK TABLE … IN EXCLUSIVE MODE on every table',
      transactionMessagesSentWhileLocked: during.length,
      answeredWhileLocked: answeredDuring.length,
      timedOutOrRefusedAndSentAgain: notAnswered.length,
      answeredButUncommitted: uncommitted,
      unexpectedExits: system.processes.unexpectedExits,
      stationFailureSamples: fleet.failures.slice(0, 50),
      ...verdict,
    });

    expect(uncommitted).toEqual([]);
    expect(outageShown).toBe(true);
    expect(notAnswered.length).toBeGreaterThan(0);
    expectNothingLost(system, verdict);
  }, 3_600_000);
});
