import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { ChargePoint, type ChargePointOptions } from '@csms/simulators';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';
import { createCommandActivities } from '../../../workers/src/activities/command.activities.ts';
import { launchBrowser, newContext, signIn } from './browser.ts';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.ts';
import { startWebApp, type TestWebApp } from './web-app.ts';

/** What a station-page browser test runs against: the built app, a command worker, a gateway process and Chromium. */
export interface StationPageSystem {
  readonly app: TestWebApp;
  readonly gateway: GatewayProcess;
  readonly browser: Browser;
  /**
   * Registers station `id` through the API (so it gets the generated Basic-auth password), connects a 1.6 simulator
   * with it, and opens a page signed in as the admin of `lang`.
   */
  stationPage(lang: 'en' | 'de', id: string, options?: Partial<ChargePointOptions>): Promise<{ page: Page; station: ChargePoint }>;
  /** Closes the stations, the browser, the gateway, the worker and the app. */
  stop(): Promise<void>;
}

/**
 * Starts a {@link StationPageSystem}: commands go through the Temporal dev server of the test run on a task queue of
 * their own; an admin `<prefix>-en` and `<prefix>-de` (password `admin-password`) exist for the two languages.
 */
export async function startStationPageSystem(options: {
  readonly prefix: string;
  readonly temporalAddress: string;
  readonly temporalNamespace: string;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<StationPageSystem> {
  const { temporalAddress: address, temporalNamespace: namespace } = options;
  const taskQueue = `ui-${options.prefix}-${randomUUID()}`;
  const app = await startWebApp({ temporalAddress: address, temporalNamespace: namespace, env: { COMMAND_TASK_QUEUE: taskQueue, COMMAND_TIMEOUT_SECONDS: '20', ...options.env } });
  let worker: CsmsWorker | undefined;
  let running: Promise<void> | undefined;
  let gateway: GatewayProcess | undefined;
  let browser: Browser | undefined;
  const stations: ChargePoint[] = [];
  const stop = async () => {
    for (const station of stations) await station.close().catch(() => undefined);
    await browser?.close();
    await gateway?.stop();
    worker?.shutdown();
    await running;
    await app.stop();
  };
  try {
    worker = await createCsmsWorker({ temporal: { address, namespace }, taskQueue, checkDatabase: () => app.db.ping(), activities: createCommandActivities(app.db) });
    running = worker.run();
    gateway = await startGatewayProcess({ DATABASE_URL: app.db.url, CSMS_SECRET_KEY: 'k'.repeat(40), TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace });
    for (const lang of ['en', 'de'] as const) {
      await app.db.users.create({ username: `${options.prefix}-${lang}`, password: 'admin-password', role: 'admin', language: lang });
    }
    browser = await launchBrowser();
  } catch (error) {
    await stop();
    throw error;
  }
  const started = { gateway, browser };
  return {
    app,
    ...started,
    async stationPage(lang, id, stationOptions = {}) {
      const created = await app.call('/api/v1/charge-points', { method: 'POST', token: app.adminToken, body: { id, name: id } });
      if (created.status !== 201) throw new Error(`creating station ${id} answered ${created.status}: ${await created.text()}`);
      const { generatedPassword } = (await created.json()) as { generatedPassword: string };
      const station = new ChargePoint({ url: started.gateway.endpoint, id, password: generatedPassword, protocol: 'ocpp1.6', connectors: 1, reconnect: false, heartbeat: false, ...stationOptions });
      stations.push(station);
      await station.powerUp();
      const page = await (await newContext(started.browser, app.url, lang)).newPage();
      await signIn(page, `${options.prefix}-${lang}`, 'admin-password');
      return { page, station };
    },
    stop,
  };
}
