import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chaosSettings } from './support/chaos-settings.ts';
import { writeChaosReport } from './support/chaos-report.ts';
import { ChaosSystem } from './support/chaos-system.ts';
import { CommandClient } from './support/command-client.ts';
import { Fleet, waitUntil } from './support/fleet.ts';
import { Random } from './support/random.ts';
import { CHAOS_ENV, LATE_COMMAND_MS, prepareStations } from './support/scenario.ts';
import { verifyRun } from './support/verify-run.ts';
import { expectNothingLost } from './support/expect-nothing-lost.ts';

const settings = chaosSettings();

/**
 * Chaos, part 2: Temporal down for a full minute (CHAOS_OUTAGE_SECONDS) while stations keep charging. The gateway
 * keeps answering every transaction message from the database alone; the events wait in the outbox and every one is
 * delivered once Temporal is back.
 */
describe(`chaos: Temporal down for ${settings.temporalOutageMs / 1000} s (seed ${settings.seed})`, () => {
  let system: ChaosSystem;
  let fleet: Fleet | undefined;

  beforeAll(async () => {
    system = await ChaosSystem.start({ scenario: 'temporal-outage', temporalCli: inject('temporalCliPath'), env: CHAOS_ENV });
  }, 900_000);

  afterAll(async () => {
    await fleet?.close();
    await system?.stop();
  }, 120_000);

  it('keeps answering the stations, and delivers every event after', async () => {
    const random = new Random(settings.seed);
    const plans = await prepareStations(system, random.fork('stations'), { prefix: 'OUTAGE', count: settings.stations, url: () => system.gatewayUrl() });
    const commands = new CommandClient(system.webUrl, system.token);
    fleet = new Fleet({ stations: plans, commands, random: random.fork('fleet'), sessions: 0, meterReadings: settings.meterReadings, lateCommandMs: LATE_COMMAND_MS, remoteShare: 0.2 });
    await fleet.connect();
    let charging = true;
    fleet.run(() => charging);
    await waitUntil(() => fleet!.stopsAnswered >= settings.stations, 600_000);

    system.kill('temporal');
    const outageStart = Date.now();
    const completedBefore = fleet.stopsAnswered;
    await sleep(settings.temporalOutageMs);
    const outageEnd = Date.now();
    const completedDuring = fleet.stopsAnswered - completedBefore;
    const backlog = (await system.db.outbox.pending(new Date(Date.now() + 86_400_000), 100_000)).length;
    await system.restart('temporal');
    const servingAgain = Date.now();
    // a few more sessions on the restarted server, then the fleet winds down
    const completedAt = fleet.stopsAnswered;
    await waitUntil(() => fleet!.stopsAnswered >= completedAt + settings.stations, 600_000);
    charging = false;
    await fleet.finished();
    await fleet.settle();
    const verdict = await verifyRun(system, fleet, commands);

    // what the stations sent while Temporal was down (leaving out the last call timeout, whose answers may be late)
    const callTimeoutMs = 10_000;
    const during = fleet.transactionCalls.filter((call) => call.sentAt >= outageStart && call.sentAt <= outageEnd - callTimeoutMs);
    const unanswered = during.filter((call) => call.outcome !== 'result');
    await writeChaosReport('temporal-outage', system.database.dialect, {
      seed: settings.seed,
      stationCount: settings.stations,
      outageMs: outageEnd - outageStart,
      restartMs: servingAgain - outageEnd,
      sessionsCompletedDuringOutage: completedDuring,
      transactionMessagesDuringOutage: during.length,
      transactionMessagesUnansweredDuringOutage: unanswered.length,
      outboxBacklogAtRestart: backlog,
      unexpectedExits: system.processes.unexpectedExits,
      stationFailureSamples: fleet.failures.slice(0, 50),
      ...verdict,
    });

    expect(during.length).toBeGreaterThan(0);
    expect(unanswered).toEqual([]);
    expect(completedDuring).toBeGreaterThan(0);
    expect(backlog).toBeGreaterThan(0);
    expectNothingLost(system, verdict);
  }, 3_600_000);
});
