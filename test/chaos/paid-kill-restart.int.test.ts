import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OcppSubprotocol } from '@csms/gateway/protocol';
import { ChargePoint } from '@csms/simulators';
import { startStripeStandIn, type StandInRequest, type StripeStandIn } from '@csms/workers/test-kit/stripe-stand-in';
import { chaosSettings } from './support/chaos-settings.ts';
import { writeChaosReport } from './support/chaos-report.ts';
import { ChaosSystem } from './support/chaos-system.ts';
import { PaidDriver } from './support/paid-driver.ts';
import { Random } from './support/random.ts';
import { CHAOS_ENV } from './support/scenario.ts';
import { PAID_HOLD_MINOR, PAID_MIN_ENERGY_WH, PAID_PRICING, verifyPaidSession, type PaidSessionOutcome } from './support/verify-paid.ts';

const settings = chaosSettings();
const WEBHOOK_SECRET = 'whsec_chaos';
const PROTOCOLS: readonly OcppSubprotocol[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

/** The money steps of a paid session at which the worker process is killed (one session each). */
const PAID_STEPS = ['afterCheckout', 'afterAuthorized', 'midCharge', 'betweenCaptureAndRecord', 'duringRelease'] as const;
type PaidStep = (typeof PAID_STEPS)[number];

interface PaidFault {
  readonly step: PaidStep;
  readonly station: string;
  readonly protocol: OcppSubprotocol;
  readonly killedAt: number;
  readonly downMs: number;
  servingAt?: number;
}

/**
 * Chaos for paid charging: the real system as separate processes (gateway, worker, web app, Temporal dev server),
 * the test kit's Stripe stand-in in this process (the worker's `STRIPE_API_URL`; its webhooks go to the web app,
 * signed), simulated stations, and a `kill -9` of the worker process at each money step of a paid session. Each
 * session must end captured exactly once with exactly the amount owed (or released entirely when nothing is owed),
 * with one Checkout Session, one PaymentIntent, its payment row final and its workflow completed
 * (docs/reliability.md, Chaos; docs/payments.md).
 */
describe(`chaos: kill -9 of the worker at every money step of a paid session (seed ${settings.seed})`, () => {
  let system: ChaosSystem;
  let standIn: StripeStandIn;
  const stations: ChargePoint[] = [];
  /** Set while a step waits for a Stripe request to take effect: kills the worker before the answer leaves. */
  let killOn: ((request: StandInRequest) => boolean) | null = null;
  let killedAtStripe: (() => void) | null = null;

  beforeAll(async () => {
    standIn = await startStripeStandIn({
      webhookSecret: WEBHOOK_SECRET,
      onApplied: (request) => {
        if (!killOn?.(request)) return;
        killOn = null;
        system.kill('worker');
        killedAtStripe?.();
      },
    });
    system = await ChaosSystem.start({
      scenario: 'paid-kill-restart',
      temporalCli: inject('temporalCliPath'),
      env: {
        ...CHAOS_ENV,
        STRIPE_SECRET_KEY: 'sk_test_chaos',
        STRIPE_API_URL: standIn.url,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PUBLIC_BASE_URL: 'http://csms.test',
        PAYMENT_MIN_ENERGY_WH: String(PAID_MIN_ENERGY_WH),
      },
    });
    standIn.webhookUrl = `${system.webUrl}/api/v1/stripe/webhook`;
  }, 900_000);

  afterAll(async () => {
    await Promise.all(stations.map((station) => station.close()));
    await system?.stop();
    await standIn?.close();
  }, 120_000);

  it('captures every paid session exactly once with the amount owed, releases the rest, and leaves no workflow running', async () => {
    const random = new Random(settings.seed);
    const driver = new PaidDriver(system.webUrl);
    const faults: PaidFault[] = [];
    const outcomes: PaidSessionOutcome[] = [];
    const began = Date.now();

    const killAndRestart = async (fault: Omit<PaidFault, 'killedAt'>, alreadyKilled = false, meanwhile?: () => Promise<void>) => {
      if (!alreadyKilled) system.kill('worker');
      const record: PaidFault = { ...fault, killedAt: Date.now() };
      faults.push(record);
      await meanwhile?.();
      await sleep(fault.downMs);
      await system.restart('worker');
      record.servingAt = Date.now();
    };
    const state = async (sessionId: string, wanted: string) =>
      expect.poll(async () => (await driver.session(sessionId))?.state, { timeout: 240_000, interval: 500 }).toBe(wanted);

    for (const [index, step] of PAID_STEPS.entries()) {
      const id = `PAYKILL-${index + 1}`;
      const protocol = random.pick(PROTOCOLS);
      const downMs = random.int(0, 1500);
      const fault = { step, station: id, protocol, downMs };
      await system.db.chargePoints.create(id, { name: id, pricing: { ...PAID_PRICING } });
      const cp = new ChargePoint({ url: `${system.gatewayUrl()}`, id, protocol, connectors: 1, heartbeat: false });
      stations.push(cp);
      await cp.powerUp();
      await cp.plugIn(1);
      await expect.poll(async () => (await driver.offer(id, 1)).unavailable, { timeout: 60_000, interval: 500 }).toBeNull();
      expect((await driver.offer(id, 1)).holdAmountMinor).toBe(PAID_HOLD_MINOR);

      const started = await driver.checkout(id, 1);
      const checkoutId = started.checkoutUrl.split('/').pop()!;
      // killed right after the Checkout Session exists; the driver pays while the worker is down
      if (step === 'afterCheckout') await killAndRestart(fault, false, async () => void (await standIn.pay(checkoutId)));
      else await standIn.pay(checkoutId);
      // pay() returns once Stripe's webhooks reached the web app, which signalled the session
      if (step === 'afterAuthorized') await killAndRestart(fault);
      await state(started.sessionId, 'charging');

      if (step !== 'duringRelease') {
        cp.advanceMeter(1, 900);
        await cp.sendMeterValues(1);
        await expect.poll(async () => (await driver.session(started.sessionId))?.energyWh ?? 0, { timeout: 120_000, interval: 500 }).toBeGreaterThan(0);
      }
      if (step === 'midCharge') {
        await killAndRestart(fault);
        cp.advanceMeter(1, 900);
      }

      const payment = (await system.db.payments.getBySessionId(started.sessionId))!;
      const atStripe = new Promise<void>((resolve) => (killedAtStripe = resolve));
      if (step === 'betweenCaptureAndRecord') killOn = (r) => !r.replayed && r.status === 200 && r.path === `/v1/payment_intents/${payment.paymentIntentId}/capture`;
      // nothing metered: below the minimum energy the whole hold is released (PaymentIntent cancelled)
      if (step === 'duringRelease') killOn = (r) => !r.replayed && r.status === 200 && r.path === `/v1/payment_intents/${payment.paymentIntentId}/cancel`;
      await driver.stop(started.sessionId);
      if (step === 'betweenCaptureAndRecord' || step === 'duringRelease') {
        await atStripe;
        await killAndRestart(fault, true);
      }
      await state(started.sessionId, 'done');
      // the page says done once the settlement is recorded; the run then ends (after a kill its next task may wait
      // out the dead worker's sticky queue first)
      const handle = (await system.temporal()).workflow.getHandle(payment.workflowId);
      await expect.poll(async () => (await handle.describe()).status.name, { timeout: 120_000, interval: 500 }).toBe('COMPLETED');
      outcomes.push(await verifyPaidSession(system, standIn, id, started.sessionId, step));
    }

    const client = await system.temporal();
    const running: string[] = [];
    for await (const execution of client.workflow.list({ query: `ExecutionStatus = 'Running'` })) running.push(execution.workflowId);
    const problems = outcomes.flatMap((o) => o.problems.map((p) => `${o.step} (${o.sessionId}): ${p}`));
    const exactlyOwed = outcomes.filter((o) => o.problems.length === 0).length;

    await writeChaosReport('paid-kill-restart', system.database.dialect, {
      seed: settings.seed,
      stationCount: PAID_STEPS.length,
      sessionsAsked: PAID_STEPS.length,
      durationMs: Date.now() - began,
      faultsInjected: faults.length,
      faultsByStep: Object.fromEntries(faults.map((f) => [f.step, 1])),
      faults,
      unexpectedExits: system.processes.unexpectedExits,
      sessions: {
        run: outcomes.length,
        completed: outcomes.filter((o) => o.paymentStatus === 'Captured' || o.paymentStatus === 'Released').length,
        lost: outcomes.filter((o) => o.transactions === 0).length,
        doubled: outcomes.filter((o) => o.capturesAtStripe > 1 || o.transactions > 1 || o.checkoutSessions > 1 || o.paymentIntents > 1).length,
        energyMismatches: 0,
      },
      paid: {
        exactlyOwed,
        captured: outcomes.filter((o) => o.paymentStatus === 'Captured').length,
        released: outcomes.filter((o) => o.paymentStatus === 'Released').length,
        capturedMinor: outcomes.reduce((sum, o) => sum + (o.capturedMinor ?? 0), 0),
        owedMinor: outcomes.reduce((sum, o) => sum + (o.owedMinor ?? 0), 0),
        secondCaptures: outcomes.reduce((sum, o) => sum + Math.max(0, o.capturesAtStripe - 1), 0),
        captureRequestsReplayed: outcomes.reduce((sum, o) => sum + o.captureRequestsReplayed, 0),
        cancelRequestsReplayed: outcomes.reduce((sum, o) => sum + o.cancelRequestsReplayed, 0),
        secondPaymentIntents: outcomes.reduce((sum, o) => sum + Math.max(0, o.paymentIntents - 1), 0),
        sessions: outcomes,
      },
      workflowsLeftOpen: running.length,
      problems,
    });

    expect(problems).toEqual([]);
    expect(system.processes.unexpectedExits).toEqual([]);
    expect(running).toEqual([]);
    expect(faults.map((f) => f.step)).toEqual([...PAID_STEPS]);
    expect(outcomes.map((o) => o.paymentStatus)).toEqual(['Captured', 'Captured', 'Captured', 'Captured', 'Released']);
    // the worker died with the capture done at Stripe and unrecorded: its successor asked again with the same key
    expect(outcomes[3]).toMatchObject({ capturesAtStripe: 1, captureIdempotencyKeys: 1 });
    expect(outcomes[3]!.captureRequestsReplayed).toBeGreaterThan(0);
    // likewise the release: the cancel was done at Stripe, asked again with the same key, and answered from it
    expect(outcomes[4]).toMatchObject({ cancelsAtStripe: 1, capturesAtStripe: 0 });
    expect(outcomes[4]!.cancelRequestsReplayed).toBeGreaterThan(0);
  }, 3_600_000);
});
