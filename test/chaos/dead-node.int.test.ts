import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chaosSettings } from './support/chaos-settings.ts';
import { writeChaosReport } from './support/chaos-report.ts';
import { ChaosSystem } from './support/chaos-system.ts';
import { CommandClient } from './support/command-client.ts';
import { Fleet, waitUntil } from './support/fleet.ts';
import { Random } from './support/random.ts';
import { CHAOS_ENV, LATE_COMMAND_MS, prepareStations } from './support/scenario.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';
import { verifyRun } from './support/verify-run.ts';
import { expectNothingLost } from './support/expect-nothing-lost.ts';

const settings = chaosSettings();
const SWEEP_SECONDS = 1;

/**
 * Chaos, part 4: two gateway nodes behind a load balancer, and one of them killed for good in the middle of sessions.
 * Its stations that reconnect land on the other node; those that cannot are shown offline once the dead node's lease
 * lapses (GATEWAY_NODE_LEASE_SECONDS, swept every NODE_SWEEP_INTERVAL_SECONDS), with the reason; when they come back
 * every session completes on the surviving node.
 */
describe(`chaos: a gateway node that dies for good (seed ${settings.seed})`, () => {
  let system: ChaosSystem;
  let proxy: TcpProxy | undefined;
  let fleet: Fleet | undefined;

  beforeAll(async () => {
    system = await ChaosSystem.start({
      scenario: 'dead-node',
      temporalCli: inject('temporalCliPath'),
      gatewayNodes: ['chaos-a', 'chaos-b'],
      env: { ...CHAOS_ENV, GATEWAY_NODE_LEASE_SECONDS: String(settings.nodeLeaseSeconds), NODE_SWEEP_INTERVAL_SECONDS: String(SWEEP_SECONDS) },
    });
  }, 900_000);

  afterAll(async () => {
    await fleet?.close();
    await proxy?.close();
    await system?.stop();
  }, 120_000);

  it("shows the dead node's stations offline with the reason, and loses no session", async () => {
    const random = new Random(settings.seed);
    const [portA, portB] = system.ports.gateways as [number, number];
    proxy = await startTcpProxy(() => [portB, portA]);
    const count = Math.max(4, settings.stations);
    const half = Math.ceil(count / 2);
    // stations 1..half on node A directly; the rest through the balancer, which prefers node B; every second of those
    // cannot reconnect by itself (its path died with the node)
    const plans = await prepareStations(system, random.fork('stations'), {
      prefix: 'NODE',
      count,
      url: (index) => (index < half ? system.gatewayUrl(0) : `ws://127.0.0.1:${proxy!.port}/OCPP`),
      reconnect: (index) => index < half || (index - half) % 2 === 1,
    });
    const onB = plans.slice(half);
    const cutOff = onB.filter((plan) => plan.reconnect === false).map((plan) => plan.id);
    const commands = new CommandClient(system.webUrl, system.token);
    fleet = new Fleet({ stations: plans, commands, random: random.fork('fleet'), sessions: 0, meterReadings: settings.meterReadings, lateCommandMs: LATE_COMMAND_MS });
    await fleet.connect();
    for (const plan of onB) expect((await system.db.chargePoints.get(plan.id))?.nodeId).toBe('chaos-b');

    let charging = true;
    fleet.run(() => charging);
    await waitUntil(() => fleet!.stopsAnswered >= count, 600_000);
    const bIds = new Set(onB.map((plan) => plan.id));
    const killedAt = await new Promise<number>((resolve) => {
      const listener = (step: string, station: string) => {
        if (step !== 'midMeter' || !bIds.has(station)) return;
        fleet!.off('step', listener);
        system.kill(ChaosSystem.gatewayPart(1, 'chaos-b'));
        resolve(Date.now());
      };
      fleet!.on('step', listener);
    });

    const shownOffline = async () => {
      const out: { id: string; reason: string | null }[] = [];
      for (const id of cutOff) {
        const row = await system.db.chargePoints.get(id);
        if (row && !row.online) out.push({ id, reason: row.offlineReason });
      }
      return out;
    };
    let offline = await shownOffline();
    while (offline.length < cutOff.length && Date.now() - killedAt < 180_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      offline = await shownOffline();
    }
    const shownOfflineAfterMs = Date.now() - killedAt;
    const node = await system.db.gatewayNodes.get('chaos-b');
    const movedToA = async () => {
      const rows = await Promise.all(onB.filter((plan) => plan.reconnect !== false).map((plan) => system.db.chargePoints.get(plan.id)));
      return rows.every((row) => row?.online && row.nodeId === 'chaos-a');
    };
    const reconnectedToA = await (async () => {
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) if (await movedToA()) return true;
      return false;
    })();

    // the cut-off stations come back (through the balancer, now to node A) and deliver what they kept
    for (const id of cutOff) await fleet.goOnline(id);
    const completedAt = fleet.stopsAnswered;
    await waitUntil(() => fleet!.stopsAnswered >= completedAt + count, 600_000);
    charging = false;
    await fleet.finished();
    await fleet.settle();
    const verdict = await verifyRun(system, fleet, commands);

    await writeChaosReport('dead-node', system.database.dialect, {
      seed: settings.seed,
      stationCount: count,
      nodeLeaseSeconds: settings.nodeLeaseSeconds,
      sweepIntervalSeconds: SWEEP_SECONDS,
      stationsOnDeadNode: onB.length,
      cutOffStations: cutOff.length,
      shownOfflineAfterMs,
      offlineReasons: offline,
      reconnectedToSurvivor: reconnectedToA,
      unexpectedExits: system.processes.unexpectedExits,
      stationFailureSamples: fleet.failures.slice(0, 50),
      ...verdict,
    });

    expect(offline.map((o) => o.id).sort()).toEqual([...cutOff].sort());
    for (const { reason } of offline) expect(reason).toMatch(/^gateway node chaos-b stopped renewing its lease \(expired /);
    expect(node?.expiredAt).toBeInstanceOf(Date);
    expect(node!.expiredAt!.getTime()).toBeGreaterThanOrEqual(node!.leaseExpiresAt.getTime());
    expect(reconnectedToA).toBe(true);
    expectNothingLost(system, verdict);
  }, 3_600_000);
});
