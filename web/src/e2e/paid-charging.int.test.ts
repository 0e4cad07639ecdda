import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pricing } from '@csms/db';
import { ChargePoint, type Transaction } from '@csms/simulators';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createChargingSessionActivities } from '../../../workers/src/activities/charging-session.activities.ts';
import { createCommandActivities } from '../../../workers/src/activities/command.activities.ts';
import { createPaymentDbActivities } from '../../../workers/src/activities/payment.activities.ts';
import { createRefundActivities } from '../../../workers/src/activities/refund.activities.ts';
import { createStripeActivities } from '../../../workers/src/activities/stripe.activities.ts';
import { createStripeClient } from '../../../workers/src/payments/stripe-client.ts';
import { OutboxRelay } from '../../../workers/src/relay/outbox-relay.ts';
import { startStripeStandIn, type StripeStandIn } from '../../../workers/src/test-kit/stripe-stand-in/index.ts';
import { freePort } from '../../../test/support/ports.ts';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { formatMoney } from '../lib/ui/money.ts';
import { launchBrowser, missingKeys, newContext, open, screenshot, signIn } from '../testing/browser.ts';
import { startGatewayProcess, type GatewayProcess } from '../testing/gateway-process.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const CATALOG = { en, de } as const;
const SECRET_KEY = 'k'.repeat(40);
const WEBHOOK_SECRET = 'whsec_ui_paid_charging';
const TEMPORAL_UI = 'http://127.0.0.1:8233';
const nb = (text: string) => text.replace(/\u00a0/g, ' ');

/** 0.395 per kWh, at most 30 kWh, 1.50 per session, 0.10 per minute after 60 free minutes (at most 120): hold 25.35. */
const PRICING: Partial<Pricing> = {
  currency: 'EUR',
  pricePerMwhMinor: 39_500,
  maxEnergyWh: 30_000,
  sessionFeeMinor: 150,
  usageFeePerMinuteMinor: 10,
  freeMinutes: 60,
  maxBillableMinutes: 120,
  usageFeeFrom: 'sessionStart',
};
const HOLD = 2535;

/**
 * The paid flow on the real path, in Chromium, in English and German: the driver's page → Stripe Checkout (the test
 * kit's stateful stand-in, whose hosted page the browser clicks through; it signs its webhooks) → the session page →
 * the simulated 1.6 station plugs in, the worker's chargingSession workflow starts it remotely through the gateway
 * process, meters, stops on the driver's Stop → capture of exactly the cost → the receipt; then the admin payments
 * list, a partial refund and the payment on the transaction page.
 */
describe('paid charging in a real browser: pay, charge, stop, receipt, refund — in English and German', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `ui-paid-${randomUUID()}`;
  let standIn: StripeStandIn;
  let app: TestWebApp;
  let gateway: GatewayProcess;
  let worker: CsmsWorker | undefined;
  let running: Promise<void> | undefined;
  let connection: Connection | undefined;
  let relay: OutboxRelay | undefined;
  let browser: Browser;
  const stations: ChargePoint[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    standIn = await startStripeStandIn({ webhookUrl: `${appUrl}/api/v1/stripe/webhook`, webhookSecret: WEBHOOK_SECRET });
    app = await startWebApp({
      port,
      temporalAddress: address,
      temporalNamespace: namespace,
      env: {
        STRIPE_SECRET_KEY: 'sk_test_standin',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PUBLIC_BASE_URL: appUrl,
        SESSION_TASK_QUEUE: taskQueue,
        COMMAND_TASK_QUEUE: taskQueue,
        TEMPORAL_UI_URL: TEMPORAL_UI,
        UI_TIME_ZONE: 'Europe/Berlin',
      },
    });
    const stripe = createStripeClient({ secretKey: 'sk_test_standin', apiUrl: standIn.url });
    worker = await createCsmsWorker({
      temporal: { address, namespace },
      taskQueue,
      checkDatabase: () => app.db.ping(),
      activities: {
        ...createChargingSessionActivities(app.db),
        ...createCommandActivities(app.db),
        ...createPaymentDbActivities(app.db),
        ...createStripeActivities(stripe, app.db),
        ...createRefundActivities(stripe, app.db),
      },
    });
    running = worker.run();
    connection = await Connection.connect({ address });
    relay = new OutboxRelay({ database: app.db, workflows: new Client({ connection, namespace }).workflow, taskQueue, log: pino({ level: 'silent' }), pollIntervalMs: 50 });
    relay.start();
    gateway = await startGatewayProcess({
      DATABASE_URL: app.db.url,
      CSMS_SECRET_KEY: SECRET_KEY,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      OCPP_METER_EVENT_INTERVAL_SECONDS: '0',
    });
    for (const lang of ['en', 'de'] as const) {
      await app.db.users.create({ username: `admin-${lang}`, password: 'admin-password', role: 'admin', language: lang });
    }
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    for (const station of stations) await station.close().catch(() => undefined);
    await browser?.close();
    await gateway?.stop();
    await relay?.stop();
    worker?.shutdown();
    await running;
    await connection?.close();
    await app?.stop();
    await standIn?.close();
  });

  /** An admin sets up the station and its price list in the administration's form, as a newcomer would. */
  async function stationOnline(id: string, admin: Page): Promise<ChargePoint> {
    await open(admin, '/admin/charge-points/new');
    await admin.locator('#f-id').fill(id);
    await admin.locator('#f-name').fill(`Garage ${id}`);
    await admin.locator('#f-pricing-currency').fill('EUR');
    await admin.locator('#f-pricing-pricePerMwhMinor').fill('39500');
    await admin.locator('#f-pricing-sessionFeeMinor').fill('150');
    await admin.locator('#f-pricing-maxEnergyWh').fill('30000');
    await admin.locator('#f-pricing-usageFeePerMinuteMinor').fill('10');
    await admin.locator('#f-pricing-freeMinutes').fill('60');
    await admin.locator('#f-pricing-maxBillableMinutes').fill('120');
    await admin.locator('#f-pricing-usageFeeFrom').selectOption('sessionStart');
    // a new station gets security profile 1: Basic auth with the password the form generates, shown once
    await admin.locator('fieldset:has(#f-basicAuthPassword) button[type=button]').click();
    const password = await admin.locator('#f-basicAuthPassword').inputValue();
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    await Promise.all([admin.waitForURL(`**/admin/charge-points/${id}?saved=1`), admin.locator('main form button[type=submit]').last().click()]);
    expect((await app.db.chargePoints.get(id))?.pricing).toMatchObject(PRICING);
    const station = new ChargePoint({ url: gateway.endpoint, id, password, protocol: 'ocpp1.6', connectors: 1, reconnect: false, heartbeat: false });
    stations.push(station);
    await station.connect();
    await station.boot();
    await station.statusNotification(1, 'Available');
    // the gateway records the connection; hooks cannot use expect.poll
    for (let waited = 0; !(await app.db.chargePoints.get(id))?.online; waited += 100) {
      if (waited > 60_000) throw new Error(`${id} never came online: ${gateway.output()}`);
      await setTimeout(100);
    }
    return station;
  }

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    const m = CATALOG[lang];
    const id = `paid-${lang}`;
    const money = (minor: number) => nb(formatMoney(minor, 'EUR', lang));
    let page: Page;
    let station: ChargePoint;
    let sessionUrl = '';
    let metered: Transaction | undefined;

    beforeAll(async () => {
      page = await (await newContext(browser, app.url, lang, { width: 390, height: 844 })).newPage();
      const admin = await (await newContext(browser, app.url, lang)).newPage();
      await signIn(admin, `admin-${lang}`, 'admin-password');
      station = await stationOnline(id, admin);
      await admin.context().close();
    }, 180_000);

    it('pays on Stripe’s page, plugs in, charges, stops, and gets a receipt with exactly the cost captured', async () => {
      await open(page, `/charge/${id}/1`);
      expect(nb(await page.getByTestId('hold').innerText())).toContain(money(HOLD));
      await Promise.all([page.waitForURL(`${standIn.url}/checkout/**`), page.getByTestId('pay').click()]);
      expect(await page.locator('#amount').innerText()).toBe(`${(HOLD / 100).toFixed(2)} EUR`);
      // Stripe's success URL leads back to the session page, which drops the parameter
      await Promise.all([page.waitForURL(/\/charge\/session\/[\w-]+$/, { timeout: 60_000 }), page.locator('#pay').click()]);
      sessionUrl = page.url();
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      const state = page.getByTestId('session-state');
      await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).toBe('plugIn');
      expect(await state.innerText()).toBe(m.driverSession.state.plugIn);
      expect(nb(await page.getByTestId('session-hold').innerText())).toBe(money(HOLD));
      expect(await missingKeys(page)).toEqual([]);
      await screenshot(page, `driver-session-plug-in-${lang}`);

      // the driver plugs in: the workflow starts the station remotely, the station starts its transaction
      const started = new Promise<Transaction>((done) => station.once('transactionStarted', done));
      station.setPower(1, 7200);
      await station.plugIn(1);
      await started;
      await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).toBe('charging');
      station.advanceMeter(1, 1000); // 7.2 kW for 1000 s: 2 kWh
      await station.sendMeterValues(1);
      await expect.poll(async () => nb(await page.getByTestId('session-energy').innerText()), { timeout: 60_000 }).toBe(
        m.common.kwh.replace('{{value}}', '2'),
      );
      expect(nb(await page.getByTestId('session-cost').innerText())).not.toBe(money(0));
      expect(await page.getByTestId('stop').innerText()).toBe(m.driverSession.stop);
      await screenshot(page, `driver-session-charging-${lang}`);

      // the driver's Stop: the station stops remotely, the workflow settles
      const stopped = new Promise<Transaction>((done) => station.once('transactionStopped', done));
      await page.getByTestId('stop').click();
      metered = await stopped;
      await expect.poll(() => state.getAttribute('data-state'), { timeout: 90_000 }).toBe('done');
      const energyWh = metered.meterStopWh! - metered.meterStartWh;
      const energyMinor = Math.floor((39_500 * energyWh + 500_000) / 1_000_000);
      const total = energyMinor + 150;
      const receipt = page.getByTestId('receipt');
      await receipt.waitFor();
      expect(nb(await receipt.getByTestId('receipt-energy').locator('td.num').innerText())).toBe(money(energyMinor));
      expect(nb(await receipt.getByTestId('receipt-session-fee').locator('td.num').innerText())).toBe(money(150));
      expect(nb(await receipt.getByTestId('receipt-time-fee').locator('td.num').innerText())).toBe(money(0)); // inside the free hour
      expect(nb(await receipt.getByTestId('receipt-total').locator('td.num').innerText())).toBe(money(total));
      expect(nb(await receipt.getByTestId('receipt-hold').locator('td.num').innerText())).toBe(money(HOLD));
      expect(nb(await receipt.getByTestId('receipt-captured').locator('td.num').innerText())).toBe(money(total));
      expect(nb(await receipt.getByTestId('receipt-released').locator('td.num').innerText())).toBe(money(HOLD - total));
      expect(await receipt.getByTestId('receipt-session-id').innerText()).toBe(sessionUrl.split('/').pop());
      // Stripe captured exactly once, exactly the cost
      const payment = await app.db.payments.getBySessionId(sessionUrl.split('/').pop()!);
      expect(standIn.captures.filter((c) => c.paymentIntentId === payment!.paymentIntentId)).toEqual([{ paymentIntentId: payment!.paymentIntentId, amount: total }]);
      expect(await missingKeys(page)).toEqual([]);
      await screenshot(page, `driver-receipt-${lang}`);
    }, 400_000);

    it('keeps the receipt across a reload, and prints only the receipt', async () => {
      expect(sessionUrl, 'the session of the previous step').not.toBe('');
      await open(page, sessionUrl);
      expect(await page.getByTestId('session-state').getAttribute('data-state')).toBe('done');
      expect(await page.getByTestId('receipt').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByTestId('receipt').isVisible()).toBe(true);
      expect(await page.getByTestId('session-state').isVisible()).toBe(false);
      expect(await page.locator('header.header').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: m.receipt.print }).isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
      // and the connector can be paid for again
      await open(page, `/charge/${id}/1`);
      expect(await page.getByTestId('pay').count()).toBe(1);
    });

    it('shows the payment to admins, refunds part of it with confirmation, and shows it on the transaction page', async () => {
      const sessionId = sessionUrl.split('/').pop()!;
      const payment = (await app.db.payments.getBySessionId(sessionId))!;
      const admin = await (await newContext(browser, app.url, lang)).newPage();
      await signIn(admin, `admin-${lang}`, 'admin-password');
      await open(admin, `/admin/payments?chargePointId=${id}`);
      const row = admin.locator(`[data-testid="payment-row"][data-payment-id="${payment.id}"]`);
      expect(await row.getByTestId('payment-state').innerText()).toBe(m.payments.state.Captured);
      expect(nb(await row.getByTestId('payment-captured').innerText())).toBe(money(payment.capturedAmountMinor!));
      expect(nb(await row.getByTestId('payment-released').innerText())).toBe(money(HOLD - payment.capturedAmountMinor!));
      expect(await row.innerText()).toContain(payment.checkoutSessionId!);
      expect(await row.innerText()).toContain(payment.paymentIntentId!);
      const temporal = await row.getByRole('link', { name: m.payments.temporal }).getAttribute('href');
      expect(temporal).toContain(TEMPORAL_UI);
      expect(temporal).toContain(encodeURIComponent(payment.workflowId));
      expect(await missingKeys(admin)).toEqual([]);
      await screenshot(admin, `payments-${lang}`);

      await row.getByRole('link', { name: String(payment.id), exact: true }).click();
      await admin.waitForURL(`**/admin/payments/${payment.id}`);
      // a bad amount is refused beside the field, nothing refunded
      await admin.getByText(m.payments.refundTitle).click();
      await admin.locator('#refund-amount').fill('1.234,5');
      await admin.getByRole('button', { name: m.payments.confirmRefund }).click();
      await expect.poll(() => admin.getByTestId('refund-error').innerText()).toContain(m.payments.refundError.amount.split('{{')[0]!);
      // one euro back to the card
      await admin.locator('#refund-amount').fill(lang === 'de' ? '1,00' : '1.00');
      await admin.getByRole('button', { name: m.payments.confirmRefund }).click();
      await expect.poll(async () => nb(await admin.getByTestId('refund-result').innerText()), { timeout: 90_000 }).toBe(
        m.payments.refundDone.replace('{{amount}}', money(100)),
      );
      expect(nb(await admin.getByTestId('payment-refunded').innerText())).toBe(money(100));
      const refunds = [...standIn.objects.values()].filter((o) => o.object === 'refund' && o.payment_intent === payment.paymentIntentId);
      expect(refunds.map((r) => r.amount)).toEqual([100]);
      expect(await missingKeys(admin)).toEqual([]);
      await screenshot(admin, `payment-${lang}`);

      const transactions = await app.db.transactions.list({ chargePointId: id });
      expect(transactions).toHaveLength(1); // the paid session's, started by the workflow's remote start
      const transactionId = transactions[0]!.id;
      await open(admin, `/transactions/${transactionId}`);
      expect(nb(await admin.getByTestId('transaction-payment-captured').innerText())).toBe(money(payment.capturedAmountMinor!));
      expect(await admin.getByTestId('transaction-payment').innerText()).toContain(m.payments.state.Captured);
      await admin.context().close();
    }, 300_000);

    it('says "cancelled, nothing charged" when the driver cancels on Stripe’s page, and frees the connector', async () => {
      await open(page, `/charge/${id}/1`);
      await Promise.all([page.waitForURL(`${standIn.url}/checkout/**`), page.getByTestId('pay').click()]);
      await Promise.all([page.waitForURL(/\/charge\/session\/[\w-]+$/, { timeout: 60_000 }), page.locator('#cancel').click()]);
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      const state = page.getByTestId('session-state');
      await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).toBe('cancelled');
      expect(await page.getByTestId('session-hint').innerText()).toBe(m.driverSession.hint.cancelled);
      expect(await page.getByTestId('session-reason').innerText()).toContain(m.driverSession.reason.CheckoutCancelled);
      expect(await page.getByTestId('stop').count()).toBe(0);
      // the connector is free again at once: the cancelled session holds nothing
      await open(page, `/charge/${id}/1`);
      expect(await page.getByTestId('pay').count()).toBe(1);
    }, 200_000);

    it('waits for the payment with a way back to Stripe, then says "not charged" with the reason when the checkout expires', async () => {
      await open(page, `/charge/${id}/1`);
      await Promise.all([page.waitForURL(`${standIn.url}/checkout/**`), page.getByTestId('pay').click()]);
      const checkoutUrl = page.url();
      // the driver leaves Stripe's page without paying and comes back to the session page (bookmark, history)
      const pending = (await app.db.payments.list({ chargePointId: id, status: 'PendingPayment' })).items;
      expect(pending).toHaveLength(1);
      await open(page, `/charge/session/${pending[0]!.sessionId}`);
      const state = page.getByTestId('session-state');
      expect(await state.getAttribute('data-state')).toBe('waitingForPayment');
      expect(await state.innerText()).toBe(m.driverSession.state.waitingForPayment);
      expect(await page.getByTestId('continue-payment').getAttribute('href')).toBe(checkoutUrl);
      expect(await page.getByTestId('stop').innerText()).toBe(m.driverSession.cancel);
      expect(await missingKeys(page)).toEqual([]);
      await screenshot(page, `driver-session-waiting-${lang}`);
      // Stripe expires the Checkout Session: the page follows by itself
      await standIn.expire(pending[0]!.checkoutSessionId!);
      await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).toBe('failed');
      expect(await state.innerText()).toBe(m.driverSession.state.failed);
      expect(await page.getByTestId('session-hint').innerText()).toBe(m.driverSession.hint.failed);
      expect(await page.getByTestId('session-reason').innerText()).toContain(m.driverSession.reason.CheckoutExpired);
      expect(await page.getByTestId('continue-payment').count()).toBe(0);
      expect(await page.getByTestId('stop').count()).toBe(0);
      await screenshot(page, `driver-session-failed-${lang}`);
      await open(page, `/charge/${id}/1`);
      expect(await page.getByTestId('pay').count()).toBe(1);
    }, 200_000);
  });
});
