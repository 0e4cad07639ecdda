import { createRequire } from 'node:module';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHARGING_SESSION_WORKFLOW,
  driverStopSignal,
  paymentNoticeSignal,
  sessionEventSignal,
  startCheckoutUpdate,
  type ChargingSessionInput,
  type PricingSnapshot,
  type SessionEventType,
} from '@csms/temporal';
import { ensureTestServer, startTestServer, type TestServer } from '@csms/temporal/tools';
import { freePort } from '../../../test/support/ports.ts';
import { createPaidWorld } from './testing/paid-world.ts';

const require = createRequire(import.meta.url);

const PRICING: PricingSnapshot = {
  currency: 'EUR',
  pricePerMwhMinor: 39_500,
  maxEnergyWh: 20_000,
  sessionFeeMinor: 100,
  usageFeePerMinuteMinor: 0,
  freeMinutes: 0,
  maxBillableMinutes: null,
  usageFeeFrom: 'sessionStart',
  freeCharging: false,
};
const HOLD = 790 + 100;
const SETTINGS = {
  publicBaseUrl: 'http://csms.test',
  currency: 'EUR',
  startWindowMs: 5 * 60_000,
  waitForPreparing: true,
  minimumEnergyWh: 1000,
  minimumChargeMinor: 50,
};

let env: TestWorkflowEnvironment;
let server: TestServer;
let counter = 0;

/** The SDK's environment on a test server started here (the SDK's launcher allows the JVM only five seconds). */
type EnvironmentFactory = { create(options: Record<string, unknown>): Promise<TestWorkflowEnvironment> };

beforeAll(async () => {
  server = await startTestServer(await ensureTestServer(), await freePort());
  env = await (TestWorkflowEnvironment as unknown as EnvironmentFactory).create({
    server: { type: 'existing' },
    address: server.address,
    namespace: 'default',
    supportsTimeSkipping: true,
  });
}, 300_000);

afterAll(async () => {
  await env?.teardown();
  await server?.stop();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

type World = ReturnType<typeof createPaidWorld>;
interface Run {
  readonly w: World['world'];
  readonly pay: World['pay'];
  readonly handle: WorkflowHandle;
  readonly checkoutUrl: string;
  event(type: SessionEventType, payload?: Record<string, unknown>): Promise<void>;
  notice(type: 'checkout.session.completed' | 'checkout.session.expired' | 'payment_intent.payment_failed' | 'payment_intent.canceled'): Promise<void>;
}

/**
 * Runs one paid session on the time-skipping server with the fake world: `setup` shapes the world before the start,
 * `body` drives it; the workers run until the body is done.
 */
async function session(options: { pricing?: PricingSnapshot; settings?: Partial<typeof SETTINGS>; setup?: (w: World['world']) => void }, body: (run: Run) => Promise<void>) {
  counter += 1;
  const fake = createPaidWorld(options.pricing ?? PRICING, HOLD);
  const nodeId = `node-${counter}`;
  fake.world.connector.nodeId = nodeId;
  options.setup?.(fake.world);
  const taskQueue = `paid-${counter}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('@csms/workflows'), activities: fake.activities });
  const gateway = await Worker.create({ connection: env.nativeConnection, taskQueue: `gateway.${nodeId}`, activities: fake.gateway });
  const workflowId = `session/CP1/paid-${counter}`;
  const input: ChargingSessionInput = {
    chargePointId: 'CP1',
    staleGraceMs: 10 * 60_000,
    payment: { sessionId: `s${counter}`, evseId: 1, locale: 'en', successUrl: 'http://csms.test/ok', cancelUrl: 'http://csms.test/no', settings: { ...SETTINGS, ...options.settings } },
  };
  let seq = 0;
  await gateway.runUntil(
    worker.runUntil(async () => {
      // start, then the update (the web app sends both at once with Update-with-start, tested on the dev server in
      // test/paid-charging.int.test.ts); the environment's handle lets the test server skip time while awaiting results
      const handle = await env.client.workflow.start(CHARGING_SESSION_WORKFLOW, { workflowId, taskQueue, args: [input] });
      let checkoutUrl = '';
      let refusal: unknown = null;
      try {
        ({ checkoutUrl } = await handle.executeUpdate(startCheckoutUpdate));
      } catch (error) {
        refusal = error;
      }
      const event = async (type: SessionEventType, payload: Record<string, unknown> = {}) => {
        seq += 1;
        await handle.signal(sessionEventSignal, {
          eventId: `e${seq}`,
          seq,
          type,
          occurredAt: new Date().toISOString(),
          payload: { chargePointId: 'CP1', transactionId: fake.world.tx.id, ...payload },
        });
      };
      fake.world.onRemoteStart = () => {
        fake.world.sessionIntent.state = 'Matched';
        fake.world.sessionIntent.transactionId = fake.world.tx.id;
        void event('started', { meterWh: 0 });
      };
      const run: Run = {
        w: fake.world,
        pay: fake.pay,
        handle,
        checkoutUrl,
        event,
        notice: (type) => handle.signal(paymentNoticeSignal, { source: 'webhook', type, eventId: `evt_${type}` }),
      };
      if (refusal) throw refusal;
      await body(run);
    }),
  );
  return fake.world;
}

/** Pays and waits until the remote start made the session charge. */
async function payAndCharge(run: Run): Promise<void> {
  run.pay();
  await run.notice('checkout.session.completed');
  await until(() => run.w.payment.status === 'Charging', 'charging');
}

// the box is shared and loaded: the workers' round trips take real time between skipped timers
describe('paid chargingSession (time-skipping)', { timeout: 240_000 }, () => {
  it('charges, stops and captures exactly the energy and the fee; the rest of the hold is released', async () => {
    const w = await session({}, async (run) => {
      expect(run.checkoutUrl).toBe('https://stripe.test/cs_1');
      await payAndCharge(run);
      expect(run.w.calls[0]).toMatchObject({ action: 'RemoteStartTransaction', payload: { connectorId: 1, idTag: 'PAY0123456789ABCDEFG' } });
      expect(run.w.linked).toEqual({ maxEnergyWh: 20_000 });
      await run.event('meter', { meterWh: 5000 });
      run.w.tx.meterStopWh = 10_000;
      await run.event('stopped', { meterWh: 10_000, reason: 'EVDisconnected' });
      await run.handle.result();
    });
    expect(w.captures).toEqual([{ amount: 395 + 100, key: 'session/CP1/paid-1:capture:495' }]);
    expect(w.payment).toMatchObject({ status: 'Captured', failureCode: null });
    expect(w.payment.settlement).toMatchObject({ capturedMinor: 495, releasedMinor: HOLD - 495 });
    expect(w.cancels).toBe(0);
  });

  it('stops remotely at the maximum energy and captures at most the hold', async () => {
    const w = await session({}, async (run) => {
      await payAndCharge(run);
      await run.event('limitReached', { meterWh: 20_000, maxEnergyWh: 20_000 });
      await until(() => run.w.calls.some((c) => c.action === 'RemoteStopTransaction'), 'remote stop');
      run.w.tx.meterStopWh = 25_000;
      await run.event('stopped', { meterWh: 25_000, reason: 'Remote' });
      await run.handle.result();
    });
    expect(w.calls.find((c) => c.action === 'RemoteStopTransaction')?.payload).toEqual({ transactionId: 42 });
    expect(w.captures.map((c) => c.amount)).toEqual([HOLD]);
  });

  it('the driver’s Stop while charging stops the station remotely', async () => {
    const w = await session({}, async (run) => {
      await payAndCharge(run);
      await run.handle.signal(driverStopSignal);
      await until(() => run.w.calls.some((c) => c.action === 'RemoteStopTransaction'), 'remote stop');
      run.w.tx.meterStopWh = 3000;
      await run.event('stopped', { meterWh: 3000, reason: 'Remote' });
      await run.handle.result();
    });
    expect(w.captures.map((c) => c.amount)).toEqual([119 + 100]);
  });

  it('an expired checkout ends with nothing held and CheckoutExpired', async () => {
    const w = await session({}, async (run) => {
      run.w.checkout.status = 'expired';
      await run.notice('checkout.session.expired');
      await run.handle.result();
    });
    expect(w.payment).toMatchObject({ status: 'Failed', failureCode: 'CheckoutExpired' });
    expect(w.captures).toEqual([]);
  });

  it('a payment never completed ends at the checkout’s expiry, with the session expired at Stripe', async () => {
    const w = await session({}, async (run) => {
      await run.handle.result();
    });
    expect(w.expires).toBe(1);
    expect(w.payment).toMatchObject({ status: 'Failed', failureCode: 'CheckoutExpired' });
  });

  it('a declined card that is never replaced ends with CardDeclined', async () => {
    const w = await session({}, async (run) => {
      run.w.intent = { status: 'requires_payment_method', lastError: 'Your card was declined.', captureBefore: null };
      run.w.checkout.paymentIntentId = 'pi_1';
      await run.notice('payment_intent.payment_failed');
      await run.handle.result();
    });
    expect(w.payment).toMatchObject({ status: 'Failed', failureCode: 'CardDeclined' });
    expect(w.captures).toEqual([]);
  });

  it('the driver cancelling on Stripe’s page expires the checkout; a payment that slipped through is released', async () => {
    const w = await session({}, async (run) => {
      run.pay();
      await run.handle.signal(paymentNoticeSignal, { source: 'return', type: 'cancel' });
      await run.handle.result();
    });
    expect(w.payment).toMatchObject({ status: 'Cancelled', failureCode: 'CheckoutCancelled' });
    expect(w.cancels).toBe(1);
    expect(w.captures).toEqual([]);
  });

  it('acts on a payment only when Stripe says requires_capture: a forged or early notice changes nothing', async () => {
    const w = await session({}, async (run) => {
      await run.notice('checkout.session.completed');
      await run.handle.signal(paymentNoticeSignal, { source: 'return', type: 'success' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(run.w.payment.status).toBe('PendingPayment');
      expect(run.w.calls).toEqual([]);
      await payAndCharge(run);
      await run.notice('checkout.session.completed');
      run.w.tx.meterStopWh = 2000;
      await run.event('stopped', { meterWh: 2000 });
      await run.handle.result();
    });
    expect(w.calls.filter((c) => c.action === 'RemoteStartTransaction')).toHaveLength(1);
    expect(w.captures.map((c) => c.amount)).toEqual([79 + 100]);
  });

  for (const [name, setup, code] of [
    ['the station is offline when the payment arrives', (w: World['world']) => void (w.connector.online = false), 'StationOffline'],
    ['the station rejects the remote start', (w: World['world']) => void (w.startAnswer = 'Rejected'), 'StartRejected'],
    ['the station does not answer the remote start and never starts', (w: World['world']) => void (w.startAnswer = 'timeout'), 'StartTimeout'],
    ['the station accepts but does not start within the window', (w: World['world']) => void (w.onRemoteStart = () => undefined), 'NoStartInWindow'],
    ['the car is not plugged in within the window', (w: World['world']) => void (w.connector.ocppStatus = 'Available'), 'NotPluggedIn'],
    ['an RFID session took the connector meanwhile', (w: World['world']) => void ((w.connector.ocppStatus = 'Charging'), (w.connector.openTransactionId = 99)), 'ConnectorTaken'],
  ] as const) {
    it(`${name}: the hold is released and the payment says ${code}`, async () => {
      // a short window: the plug wait polls the connector in real time between skipped timers
      const w = await session({ settings: { startWindowMs: 30_000 } }, async (run) => {
        setup(run.w);
        if (code === 'NoStartInWindow') run.w.onRemoteStart = () => undefined;
        run.pay();
        await run.notice('checkout.session.completed');
        await run.handle.result();
      });
      expect(w.payment).toMatchObject({ status: 'Failed', failureCode: code });
      expect(w.cancels).toBe(1);
      expect(w.captures).toEqual([]);
      expect(w.sessionIntent.state).toBe('Cancelled');
    });
  }

  it('a start that wins the race with the window’s end is charged, not released', async () => {
    const w = await session({}, async (run) => {
      run.w.onRemoteStart = () => {
        // matched in the DB, but the relay has not delivered the event yet
        run.w.sessionIntent.state = 'Matched';
        run.w.sessionIntent.transactionId = 42;
      };
      run.pay();
      await run.notice('checkout.session.completed');
      await until(() => run.w.sessionIntent.state === 'Matched', 'the start matched');
      await env.sleep('6 minutes');
      await until(() => run.w.payment.status === 'Charging', 'charging');
      await run.event('started', { meterWh: 0 });
      run.w.tx.meterStopWh = 4000;
      await run.event('stopped', { meterWh: 4000 });
      await run.handle.result();
    });
    expect(w.captures.map((c) => c.amount)).toEqual([158 + 100]);
    expect(w.cancels).toBe(0);
  });

  it('the driver’s Stop before the start cancels the session and releases the hold', async () => {
    const w = await session({ setup: (world) => void (world.connector.ocppStatus = 'Available') }, async (run) => {
      run.pay();
      await run.notice('checkout.session.completed');
      await until(() => run.w.payment.status === 'Authorized', 'authorized');
      await run.handle.signal(driverStopSignal);
      await run.handle.result();
    });
    expect(w.payment).toMatchObject({ status: 'Cancelled', failureCode: 'StoppedBeforeStart' });
    expect(w.cancels).toBe(1);
  });

  it('below the minimum energy nothing is owed: the hold is released', async () => {
    const w = await session({}, async (run) => {
      await payAndCharge(run);
      run.w.tx.meterStopWh = 999;
      await run.event('stopped', { meterWh: 999 });
      await run.handle.result();
    });
    expect(w.payment.status).toBe('Released');
    expect(w.payment.settlement).toMatchObject({ capturedMinor: 0, releasedMinor: HOLD, breakdown: { belowMinimumEnergy: true } });
    expect(w.cancels).toBe(1);
    expect(w.captures).toEqual([]);
  });

  it('an amount below Stripe’s minimum charge is released instead of captured', async () => {
    const w = await session({ pricing: { ...PRICING, sessionFeeMinor: 0 } }, async (run) => {
      await payAndCharge(run);
      run.w.tx.meterStopWh = 1000;
      await run.event('stopped', { meterWh: 1000 });
      await run.handle.result();
    });
    expect(w.payment.settlement).toMatchObject({ capturedMinor: 0, belowMinimumCharge: true });
    expect(w.payment.status).toBe('Released');
  });

  const IDLE: PricingSnapshot = { ...PRICING, usageFeePerMinuteMinor: 10, freeMinutes: 1, maxBillableMinutes: 10, usageFeeFrom: 'chargingEnd' };

  it('with an idle fee the capture bills the minutes from the stop to the unplug', async () => {
    const w = await session({ pricing: IDLE }, async (run) => {
      await payAndCharge(run);
      run.w.tx.meterStopWh = 10_000;
      run.w.tx.stoppedAt = new Date();
      // unplugged six minutes after the stop, as the connector's Available status says
      run.w.connector.ocppStatus = 'Available';
      (run.w.connector as { statusAt: string | null }).statusAt = new Date(run.w.tx.stoppedAt.getTime() + 6 * 60_000).toISOString();
      await run.event('stopped', { meterWh: 10_000 });
      await run.handle.result();
    });
    expect(w.payment.settlement?.breakdown).toMatchObject({ billedMinutes: 5, timeFeeMinor: 50 });
    expect(w.captures.map((c) => c.amount)).toEqual([395 + 100 + 50]);
  });

  it('with an idle fee and a cable that stays in, the capture waits until the fee’s cap and bills the cap', async () => {
    const w = await session({ pricing: IDLE }, async (run) => {
      await payAndCharge(run);
      run.w.tx.meterStopWh = 10_000;
      run.w.tx.stoppedAt = new Date();
      run.w.connector.ocppStatus = 'Finishing';
      await run.event('stopped', { meterWh: 10_000 });
      await run.handle.result();
    });
    // billed the free minute plus the cap: the session waited that long for the unplug
    expect(w.payment.settlement?.breakdown).toMatchObject({ billedMinutes: 10, timeFeeMinor: 100 });
    expect(w.captures.map((c) => c.amount)).toEqual([395 + 100 + 100]);
  });

  it('a station that reboots and never sends its stop is closed after the grace period and settled on its last reading', async () => {
    const w = await session({}, async (run) => {
      await payAndCharge(run);
      await run.event('meter', { meterWh: 6000 });
      run.w.tx.lastMeterWh = 6000;
      await run.event('stationRebooted', {});
      await run.handle.result();
    });
    expect(w.tx.closedReason).toBe('StationRebootedWithoutStop');
    expect(w.captures.map((c) => c.amount)).toEqual([237 + 100]);
  });

  it('settles before the card’s hold lapses, even when the station never stops', async () => {
    const w = await session({}, async (run) => {
      run.w.intent.captureBefore = new Date(Date.now() + 8 * 3600_000).toISOString();
      run.w.stopAnswer = 'timeout';
      await payAndCharge(run);
      await run.event('meter', { meterWh: 8000 });
      run.w.tx.lastMeterWh = 8000;
      await run.handle.result();
    });
    expect(w.calls.filter((c) => c.action === 'RemoteStopTransaction').length).toBeGreaterThanOrEqual(1);
    expect(w.tx.closedReason).toBe('NoStopAfterRemoteStop');
    expect(w.captures.map((c) => c.amount)).toEqual([316 + 100]);
  });

  it('retries a capture Stripe did not answer with the same key: exactly one capture', async () => {
    const w = await session({}, async (run) => {
      run.w.captureFailuresLeft = 2;
      await payAndCharge(run);
      run.w.tx.meterStopWh = 10_000;
      await run.event('stopped', { meterWh: 10_000 });
      await run.handle.result();
    });
    expect(w.captures).toHaveLength(1);
    expect(w.payment.status).toBe('Captured');
  });

  it('a hold cancelled outside the system before the capture ends Failed with HoldCancelled and nothing taken', async () => {
    const w = await session({}, async (run) => {
      await payAndCharge(run);
      run.w.intent.status = 'canceled';
      run.w.tx.meterStopWh = 10_000;
      await run.event('stopped', { meterWh: 10_000 });
      await run.handle.result();
    });
    expect(w.payment).toMatchObject({ status: 'Failed', failureCode: 'HoldCancelled' });
    expect(w.captures).toEqual([]);
  });

  it('a busy connector refuses the start: the update fails with PaymentRefused ConnectorBusy', async () => {
    let refusal: unknown;
    await session({ setup: (world) => void (world.refuse = 'ConnectorBusy') }, async () => undefined).catch((error: unknown) => (refusal = error));
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'PaymentRefused', details: ['ConnectorBusy'] });
  });
});
