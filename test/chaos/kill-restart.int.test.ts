import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chaosSettings } from './support/chaos-settings.ts';
import { writeChaosReport } from './support/chaos-report.ts';
import { ChaosSystem } from './support/chaos-system.ts';
import { CommandClient } from './support/command-client.ts';
import { FaultInjector, type FaultTarget } from './support/fault-injector.ts';
import { Fleet, SESSION_STEPS } from './support/fleet.ts';
import { Random } from './support/random.ts';
import { CHAOS_ENV, LATE_COMMAND_MS, prepareStations, tally } from './support/scenario.ts';
import { verifyRun } from './support/verify-run.ts';
import { expectNothingLost } from './support/expect-nothing-lost.ts';

const settings = chaosSettings();

/**
 * Chaos, part 1: the real system as separate processes, simulated stations charging sessions, and a kill -9 of each
 * part (gateway, worker, web, Temporal dev server, and PostgreSQL when the suite runs its own cluster) at each step of
 * a session; each part is started again. Afterwards nothing is lost, nothing doubled (docs/reliability.md, Chaos).
 */
describe(`chaos: kill -9 of every part at every step of a session (seed ${settings.seed})`, () => {
  let system: ChaosSystem;
  let fleet: Fleet | undefined;

  beforeAll(async () => {
    system = await ChaosSystem.start({ scenario: 'kill-restart', temporalCli: inject('temporalCliPath'), env: CHAOS_ENV });
  }, 900_000);

  afterAll(async () => {
    await fleet?.close();
    await system?.stop();
  }, 120_000);

  it('completes every session exactly once with the metered energy, and no command is reported sent that was not', async () => {
    const random = new Random(settings.seed);
    const plans = await prepareStations(system, random.fork('stations'), { prefix: 'KILL', count: settings.stations, url: () => system.gatewayUrl() });
    const commands = new CommandClient(system.webUrl, system.token);
    fleet = new Fleet({ stations: plans, commands, random: random.fork('fleet'), sessions: settings.sessions, meterReadings: settings.meterReadings, lateCommandMs: LATE_COMMAND_MS });
    await fleet.connect();

    const targets: FaultTarget[] = ['gateway', 'worker', 'web', 'temporal', ...(system.database.cluster ? (['postgres'] as const) : [])];
    const injector = new FaultInjector(system, fleet, random.fork('faults'));
    const began = Date.now();
    fleet.run(() => injector.busy);
    await injector.run(targets);
    await fleet.finished();
    await fleet.settle();
    const verdict = await verifyRun(system, fleet, commands);

    await writeChaosReport('kill-restart', system.database.dialect, {
      seed: settings.seed,
      stationCount: settings.stations,
      sessionsAsked: settings.sessions,
      durationMs: Date.now() - began,
      faultsInjected: injector.faults.length,
      faultsByTargetAndStep: tally(injector.faults),
      postgresKilled: system.database.dialect === 'postgresql' ? (system.database.cluster ? true : `no: ${system.database.clusterUnavailable}`) : 'not applicable (SQLite)',
      faults: injector.faults,
      unexpectedExits: system.processes.unexpectedExits,
      stationFailureSamples: fleet.failures.slice(0, 50),
      ...verdict,
    });

    expectNothingLost(system, verdict);
    expect(tally(injector.faults)).toEqual(Object.fromEntries(targets.map((target) => [target, Object.fromEntries(SESSION_STEPS.map((step) => [step, 1]))])));
    expect(verdict.sessions.run).toBeGreaterThanOrEqual(settings.sessions);
    expect(verdict.commands).toMatchObject({ reportedButNotReceived: 0, receivedTwice: 0 });
    expect(verdict.commands.reportedSent).toBeGreaterThan(0);
  }, 3_600_000);
});
