import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SecretKey } from '@csms/db';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { startGateway, type Gateway } from '@csms/gateway';
import { ChargePoint } from '@csms/simulators';
import type { PaymentActivities } from '@csms/temporal';
import { startStripeStandIn, type StripeStandIn } from '@csms/workers/test-kit/stripe-stand-in';
import { createChargingSessionActivities } from '../workers/src/activities/charging-session.activities.ts';
import { createCommandActivities } from '../workers/src/activities/command.activities.ts';
import { createPaymentDbActivities } from '../workers/src/activities/payment.activities.ts';
import { createRefundActivities } from '../workers/src/activities/refund.activities.ts';
import { createStripeActivities } from '../workers/src/activities/stripe.activities.ts';
import { createStripeClient } from '../workers/src/payments/stripe-client.ts';
import { OutboxRelay } from '../workers/src/relay/outbox-relay.ts';
import { loadConfig } from '../web/src/lib/server/config.ts';
import { ApiError } from '../web/src/lib/server/errors.ts';
import type { Services } from '../web/src/lib/server/services.ts';
import { getPayment, listPayments, refundPayment } from '../web/src/lib/server/payments/admin.ts';
import { describeConnectorOffer, getDriverSession, startPaidSession, stopDriverSession } from '../web/src/lib/server/payments/driver.ts';
import { handleStripeWebhook } from '../web/src/lib/server/payments/webhook.ts';
import { openDynamicCode } from '../web/src/lib/server/payments/dynamic-code.ts';
import { configureWebPayments } from '../web/src/lib/server/api/operations/commands.ts';
import { testGatewayOptions } from './support/gateway.ts';

const require = createRequire(import.meta.url);
const WEBHOOK_SECRET = 'whsec_e2e';

/**
 * Paid charging through the real pieces: a simulated 1.6 station on the real gateway, the worker's real activities on
 * the Temporal dev server, the outbox relay, the web app's payment functions and webhook handler, and the test kit's
 * Stripe stand-in (its webhooks signed, verified by the handler). Chaos: the web app is down when Stripe sends its
 * webhooks (they arrive late, replayed), and the worker dies between the capture at Stripe and its record.
 */
describe('paid charging end to end', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `paid-e2e-${randomUUID()}`;
  let db: TestDatabase;
  let gateway: Gateway;
  let standIn: StripeStandIn;
  let connection: Connection;
  let client: Client;
  let relay: OutboxRelay;
  let services: Services;
  let webhook: Server | null = null;
  let webhookPort = 0;
  const stations: ChargePoint[] = [];
  let secretKey: SecretKey;

  const openWebhook = async () => {
    webhook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        void handleStripeWebhook(services, body, (request.headers['stripe-signature'] as string | undefined) ?? null).then((answer) => {
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer.body));
        });
      });
    });
    await new Promise<void>((resolve) => webhook!.listen(webhookPort, '127.0.0.1', resolve));
    webhookPort = (webhook!.address() as AddressInfo).port;
    standIn.webhookUrl = `http://127.0.0.1:${webhookPort}/api/v1/stripe/webhook`;
  };
  const closeWebhook = async () => {
    await new Promise((resolve) => webhook?.close(resolve));
    webhook = null;
  };

  /** A worker with the real activities; `capture` may wrap the real capture (chaos). */
  const startWorker = async (capture?: (real: PaymentActivities['capturePayment']) => PaymentActivities['capturePayment']) => {
    const stripe = createStripeClient({ secretKey: 'sk_test_e2e', apiUrl: standIn.url });
    const stripeActivities = createStripeActivities(stripe, db);
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address }),
      namespace,
      taskQueue,
      workflowsPath: require.resolve('@csms/workflows'),
      activities: {
        ...createChargingSessionActivities(db),
        ...createCommandActivities(db),
        ...createPaymentDbActivities(db),
        ...stripeActivities,
        ...createRefundActivities(stripe, db),
        ...(capture ? { capturePayment: capture(stripeActivities.capturePayment) } : {}),
      },
      // a worker that "dies" gives up its running activities at once, as a killed process would
      shutdownForceTime: '1 second',
    });
    const running = worker.run();
    return { worker, running };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const gatewayOptions = testGatewayOptions(db, { prefix: 'paid', temporal: { address, namespace } });
    secretKey = gatewayOptions.secretKey;
    gateway = await startGateway(gatewayOptions);
    standIn = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET });
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace });
    relay = new OutboxRelay({ database: db, workflows: client.workflow, taskQueue, log: pino({ level: 'silent' }), pollIntervalMs: 50 });
    relay.start();
    const config = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_e2e',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_BASE_URL: 'http://csms.test',
      SESSION_TASK_QUEUE: taskQueue,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      COMMAND_TASK_QUEUE: taskQueue,
      PAYMENT_MIN_ENERGY_WH: '500',
    });
    services = { config, log: pino({ level: 'silent' }), db, secretKey, temporal: client, temporalConnection: connection } as unknown as Services;
    await openWebhook();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(stations.map((station) => station.close()));
    await relay?.stop();
    await closeWebhook();
    await standIn?.close();
    await gateway?.stop();
    await connection?.close();
    await db?.close();
  });

  /** With CSMS_RECORD_HISTORIES=1, keeps the paid session's history as a replay fixture (replay.test.ts). */
  async function recordHistory(name: string, sessionId: string) {
    if (process.env.CSMS_RECORD_HISTORIES !== '1') return;
    const payment = (await db.payments.getBySessionId(sessionId))!;
    const history = await client.workflow.getHandle(payment.workflowId).fetchHistory();
    const file = resolve(import.meta.dirname, '../workflows/src/charging-session/histories', `${name}.binpb`);
    await writeFile(file, temporal.api.history.v1.History.encode(history).finish());
  }

  async function station(id: string, protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1' = 'ocpp1.6', settings?: Record<string, string>): Promise<ChargePoint> {
    await db.chargePoints.create(id, {
      name: `Station ${id}`,
      pricing: { currency: 'EUR', pricePerMwhMinor: 40_000, maxEnergyWh: 20_000, sessionFeeMinor: 100 },
    });
    const cp = new ChargePoint({ url: `ws://127.0.0.1:${gateway.port}/OCPP`, id, protocol, connectors: 1, heartbeat: false, ...(settings ? { settings } : {}) });
    stations.push(cp);
    await cp.powerUp();
    await cp.plugIn(1);
    const plugged = protocol === 'ocpp1.6' ? 'Preparing' : 'Occupied';
    await expect.poll(async () => (await describeConnectorOffer(services, id, 1)).ocppStatus, { timeout: 30_000 }).toBe(plugged);
    return cp;
  }

  it('charges a paying driver exactly the energy and the fee, with webhooks that arrive only after the web app is back', async () => {
    const { worker, running } = await startWorker();
    try {
      const cp = await station('pay-e2e-1');
      const offer = await describeConnectorOffer(services, 'pay-e2e-1', 1);
      expect(offer).toMatchObject({ unavailable: null, holdAmountMinor: 800 + 100, maxEnergyWh: 20_000 });

      const started = await startPaidSession(services, { chargePointId: 'pay-e2e-1', connectorId: 1, locale: 'en' });
      expect(started.sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(started.checkoutUrl).toMatch(new RegExp(`^${standIn.url}/checkout/cs_`));
      const second = await startPaidSession(services, { chargePointId: 'pay-e2e-1', connectorId: 1, locale: 'en' }).catch((error: unknown) => error);
      expect(second).toBeInstanceOf(ApiError);
      expect(second).toMatchObject({ status: 409, code: 'ConnectorBusy' });

      // the web app is down while the driver pays: Stripe's webhooks fail, and are delivered again later
      await closeWebhook();
      const checkoutId = started.checkoutUrl.split('/').pop()!;
      expect(await standIn.pay(checkoutId)).toContain(`/charge/session/${started.sessionId}?checkout=success`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await getDriverSession(services, started.sessionId))?.state).toBe('waitingForPayment');
      await openWebhook();
      for (const event of [...standIn.events]) await standIn.redeliver(event.id);
      for (const event of [...standIn.events]) expect(await standIn.redeliver(event.id)).toBe(200);

      await expect.poll(async () => (await getDriverSession(services, started.sessionId))?.state, { timeout: 60_000 }).toBe('charging');
      const [transaction] = await db.transactions.list({ chargePointId: 'pay-e2e-1' });
      expect(transaction).toMatchObject({ startTag: expect.stringMatching(/^PAY[0-9A-Z]{17}$/), status: 'Active', maxEnergyWh: 20_000 });

      cp.advanceMeter(1, 3600);
      await stopDriverSession(services, started.sessionId);
      await expect.poll(async () => (await getDriverSession(services, started.sessionId))?.state, { timeout: 60_000 }).toBe('done');

      const stopped = (await db.transactions.get(transaction!.id))!;
      const owed = Math.min(Math.floor((40_000 * stopped.energyWh! + 500_000) / 1_000_000) + 100, 900);
      expect(standIn.captures).toEqual([{ paymentIntentId: expect.stringMatching(/^pi_/), amount: owed }]);
      const view = (await getDriverSession(services, started.sessionId))!;
      expect(view.receipt).toMatchObject({ energyWh: stopped.energyWh, capturedMinor: owed, releasedMinor: 900 - owed, holdMinor: 900 });
      expect(stopped.costMinor).toBe(view.receipt!.totalMinor);
      await expect.poll(async () => (await client.workflow.getHandle((await db.payments.getBySessionId(started.sessionId))!.workflowId).describe()).status.name).toBe('COMPLETED');
      await recordHistory('paid-session', started.sessionId);

      // an admin refunds part of it through the refundPayment workflow; the list and the receipt show it
      const paymentId = (await db.payments.getBySessionId(started.sessionId))!.id;
      const refunded = await refundPayment(services, paymentId, 50, 'admin');
      expect(refunded).toMatchObject({ status: 'Captured', capturedAmountMinor: owed, refundedAmountMinor: 50, transactionId: transaction!.id });
      expect((await getPayment(services, paymentId))?.receipt?.refundedMinor).toBe(50);
      expect((await listPayments(services, { chargePointId: 'pay-e2e-1' })).items.map((p) => p.id)).toEqual([paymentId]);
      await expect(refundPayment(services, paymentId, owed, 'admin')).rejects.toMatchObject({ status: 400 });

      // the generated tag served this session only: replayed at the station later it starts nothing for free
      await cp.startTransaction(1, transaction!.startTag!).catch(() => undefined);
      await expect.poll(async () => (await db.transactions.list({ chargePointId: 'pay-e2e-1' })).length, { timeout: 30_000 }).toBe(2);
      const replayed = (await db.transactions.list({ chargePointId: 'pay-e2e-1' })).find((t) => t.id !== transaction!.id)!;
      expect(replayed).toMatchObject({ status: 'Rejected', startTag: transaction!.startTag });
    } finally {
      worker.shutdown();
      await running;
    }
  }, 300_000);

  it('a 2.1 station shows a dynamic QR code (C25), starts by RequestStartTransaction with a DirectPayment token, gets the hold as maxCost and the running cost, and settles', async () => {
    const { worker, running } = await startWorker();
    try {
      const cp = await station('pay-e2e-21', 'ocpp2.1');
      const answers: string[] = [];
      cp.on('frame', (frame) => frame.direction === 'in' && answers.push(frame.text));

      // an admin configures the station's WebPaymentsCtrlr; its display then shows a URL with a one-time code
      expect(cp.dynamicQrUrl(1)).toBeUndefined();
      const configured = await configureWebPayments.handle({ params: { id: 'pay-e2e-21' }, principal: { username: 'admin' }, services } as never);
      expect(configured).toMatchObject({ status: 'Accepted', urlTemplate: 'http://csms.test/pay/{chargingstationid}/{evse}/{totp}' });
      const shown = cp.dynamicQrUrl(1)!;
      expect(shown).toMatch(/^http:\/\/csms\.test\/pay\/pay-e2e-21\/1\/\d{8}$/);
      const setFrame = answers.find((text) => text.includes('"SetVariables"'))!;
      expect(setFrame).not.toContain('{csms:');
      // the driver's page accepts the code the display shows and refuses a forged one
      const code = shown.split('/').pop()!;
      expect(openDynamicCode(services, 'pay-e2e-21', 1, code === '00000000' ? '11111111' : '00000000')).toBe('invalid');
      expect(openDynamicCode(services, 'pay-e2e-other', 1, code)).toBe('invalid');
      // a valid code tells the station that a web payment is under way (forged ones told it nothing)
      expect(openDynamicCode(services, 'pay-e2e-21', 1, code)).toBe('valid');
      await expect.poll(() => cp.webPaymentsStarted.map((n) => [n.evseId, n.timeoutSeconds]), { timeout: 30_000 }).toEqual([[1, 600]]);

      const started = await startPaidSession(services, { chargePointId: 'pay-e2e-21', connectorId: 1, locale: 'en' });
      await standIn.pay(started.checkoutUrl.split('/').pop()!);
      await expect.poll(async () => (await getDriverSession(services, started.sessionId))?.state, { timeout: 60_000 }).toBe('charging');
      const payment = (await db.payments.getBySessionId(started.sessionId))!;
      const [transaction] = await db.transactions.list({ chargePointId: 'pay-e2e-21' });
      expect(transaction).toMatchObject({ remoteStartId: payment.id, maxEnergyWh: 20_000, workflowId: payment.workflowId });
      // C25: the hold (9.00 EUR) as the session's cost limit with the start
      expect(answers.some((text) => text.includes('"transactionLimit":{"maxEnergy":20000,"maxCost":9}'))).toBe(true);
      cp.advanceMeter(1, 900);
      await stopDriverSession(services, started.sessionId);
      await expect.poll(async () => (await getDriverSession(services, started.sessionId))?.state, { timeout: 60_000 }).toBe('done');
      const intentId = (await db.payments.getBySessionId(started.sessionId))!.paymentIntentId;
      const mine = standIn.captures.filter((c) => c.paymentIntentId === intentId);
      const stopped = (await db.transactions.get(transaction!.id))!;
      expect(mine.map((c) => c.amount)).toEqual([Math.min(Math.floor((40_000 * stopped.energyWh! + 500_000) / 1_000_000) + 100, 900)]);
      // C25: the start's id token is the payment's reference of type DirectPayment, and the answers carry the running
      // cost; the answer to the station's Ended event the total by the price list, which is what was captured
      expect(answers.some((text) => text.includes('"RequestStartTransaction"') && text.includes(`{"idToken":"${transaction!.startTag}","type":"DirectPayment"}`))).toBe(true);
      const totals = answers.flatMap((text) => [...text.matchAll(/"totalCost":([\d.]+)/g)].map((m) => Number(m[1])));
      expect(totals.length).toBeGreaterThan(0);
      expect(totals.at(-1)).toBe(mine[0]!.amount / 100);
    } finally {
      worker.shutdown();
      await running;
    }
  }, 300_000);

  it.each(['ocpp2.0.1', 'ocpp2.1'] as const)(
    'a station (%s) that opens its transaction at plug-in (TxStartPoint EVConnected) is paid for: the paid session adopts that transaction and bills it from the authorization',
    async (protocol) => {
      const { worker, running } = await startWorker();
      try {
        const id = `pay-e2e-evc-${protocol.slice(4).replace('.', '')}`;
        const cp = await station(id, protocol, { 'TxCtrlr.TxStartPoint': 'EVConnected' });
        const frames: { direction: string; text: string }[] = [];
        cp.on('frame', (frame) => frames.push({ direction: frame.direction, text: frame.text }));
        // the cable is in: the station opened a transaction without an id token, and a default session watches it
        await expect.poll(async () => (await db.transactions.listOpen(id)).length, { timeout: 30_000 }).toBe(1);
        const [opened] = await db.transactions.listOpen(id);
        expect(opened).toMatchObject({ startTag: null, remoteStartId: null, startReason: 'CablePluggedIn' });
        const openedBy = client.workflow.getHandle(opened!.workflowId!);
        await expect.poll(async () => (await openedBy.describe().catch(() => null))?.status.name, { timeout: 60_000 }).toBe('RUNNING');
        // nobody's transaction does not make the connector busy
        expect(await describeConnectorOffer(services, id, 1)).toMatchObject({ unavailable: null, holdAmountMinor: 900 });

        const started = await startPaidSession(services, { chargePointId: id, connectorId: 1, locale: 'en' });
        await standIn.pay(started.checkoutUrl.split('/').pop()!);
        await expect.poll(async () => (await getDriverSession(services, started.sessionId))?.state, { timeout: 60_000 }).toBe('charging');
        const payment = (await db.payments.getBySessionId(started.sessionId))!;
        // the same transaction, now the paid session's: authorized by the generated tag through the remote start (F02)
        const all = await db.transactions.list({ chargePointId: id });
        expect(all).toHaveLength(1);
        const adopted = all[0]!;
        expect(adopted).toMatchObject({
          id: opened!.id,
          externalId: opened!.externalId,
          startTag: expect.stringMatching(/^PAY[0-9A-Z]{17}$/),
          remoteStartId: payment.id,
          workflowId: payment.workflowId,
          startReason: 'RemoteStart',
          maxEnergyWh: 20_000,
        });
        expect(adopted.startedAt.getTime()).toBeGreaterThanOrEqual(opened!.startedAt.getTime());
        expect(adopted.startedAt.getTime()).toBeGreaterThanOrEqual(payment.authorizedAt!.getTime() - 1000);
        const startCall = frames.find((f) => f.direction === 'in' && f.text.includes('"RequestStartTransaction"'))!;
        expect(startCall.text).toContain(`"remoteStartId":${payment.id}`);
        const answer = frames.find((f) => f.direction === 'out' && f.text.startsWith(`[3,${JSON.stringify(JSON.parse(startCall.text)[1])}`))!;
        expect(JSON.parse(answer.text)[2]).toEqual({ status: 'Accepted', transactionId: opened!.externalId });
        // the session that watched the unauthorized transaction handed it over and ended
        await expect.poll(async () => (await openedBy.describe()).status.name, { timeout: 60_000 }).toBe('COMPLETED');
        if (protocol === 'ocpp2.1') expect(frames.some((f) => f.direction === 'in' && f.text.includes('"transactionLimit":{"maxEnergy":20000,"maxCost":9}'))).toBe(true);

        cp.advanceMeter(1, 1800);
        await stopDriverSession(services, started.sessionId);
        await expect.poll(async () => (await getDriverSession(services, started.sessionId))?.state, { timeout: 60_000 }).toBe('done');
        const stopped = (await db.transactions.get(adopted.id))!;
        const owed = Math.min(Math.floor((40_000 * stopped.energyWh! + 500_000) / 1_000_000) + 100, 900);
        expect(stopped.energyWh).toBeGreaterThan(500);
        const intentId = (await db.payments.getBySessionId(started.sessionId))!.paymentIntentId;
        const mine = standIn.captures.filter((c) => c.paymentIntentId === intentId);
        expect(mine).toEqual([{ paymentIntentId: expect.stringMatching(/^pi_/), amount: owed }]);
        expect(await db.payments.getBySessionId(started.sessionId)).toMatchObject({ status: 'Captured', capturedAmountMinor: owed, releasedAmountMinor: 900 - owed });
        await expect.poll(async () => (await client.workflow.getHandle(payment.workflowId).describe()).status.name).toBe('COMPLETED');
      } finally {
        worker.shutdown();
        await running;
      }
    },
    300_000,
  );

  it('captures exactly once when the worker dies between the capture at Stripe and its record', async () => {
    let captured!: () => void;
    const atStripe = new Promise<void>((resolve) => (captured = resolve));
    // worker A captures at Stripe, then never reports it: it "dies" with the result in hand
    const first = await startWorker((real) => async (input) => {
      await real(input);
      captured();
      return new Promise(() => undefined);
    });
    let second: Awaited<ReturnType<typeof startWorker>> | undefined;
    try {
      await station('pay-e2e-2');
      const started = await startPaidSession(services, { chargePointId: 'pay-e2e-2', connectorId: 1, locale: 'de' });
      await standIn.pay(started.checkoutUrl.split('/').pop()!);
      await expect.poll(async () => (await getDriverSession(services, started.sessionId))?.state, { timeout: 60_000 }).toBe('charging');
      stations.at(-1)!.advanceMeter(1, 1800);
      await stopDriverSession(services, started.sessionId);
      await atStripe;
      first.worker.shutdown();
      // the SDK complains that the hung activity still holds the native worker: it is dead all the same (no polling)
      await first.running.catch(() => undefined);
      expect(first.worker.getState()).not.toBe('RUNNING');

      second = await startWorker();
      await expect.poll(async () => (await getDriverSession(services, started.sessionId))?.state, { timeout: 120_000 }).toBe('done');
      const payment = (await db.payments.getBySessionId(started.sessionId))!;
      const mine = standIn.captures.filter((c) => c.paymentIntentId === payment.paymentIntentId);
      expect(mine).toHaveLength(1);
      expect(payment).toMatchObject({ status: 'Captured', capturedAmountMinor: mine[0]!.amount });
      await expect.poll(async () => (await client.workflow.getHandle(payment.workflowId).describe()).status.name).toBe('COMPLETED');
      await recordHistory('paid-session-worker-died', started.sessionId);
    } finally {
      second?.worker.shutdown();
      await second?.running;
    }
  }, 300_000);
});
