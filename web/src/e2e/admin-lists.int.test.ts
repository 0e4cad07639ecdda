import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { importChargePointsCsv, importChargeTagsCsv, type SecretKey } from '@csms/db';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { de } from '../lib/i18n/de.ts';
import { en } from '../lib/i18n/en.ts';
import { LOCALE_COOKIE } from '../lib/i18n/negotiate.ts';
import { launchBrowser, missingKeys, newContext, open, signIn } from '../testing/browser.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

const STATIONS = 10_000;

describe('the paged station list in a real browser, with 10,000 stations', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `admin-lists-${randomUUID()}`;
  let app: TestWebApp;
  let browser: Browser;
  let page: Page;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address });
    // the test stand-in of the command workflow: it answers Accepted for these stations and Offline for cp-offline
    worker = await Worker.create({
      connection,
      namespace,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../testing/fake-command.workflow.ts', import.meta.url)),
    });
    running = worker.run();
    app = await startWebApp({ temporalAddress: address, temporalNamespace: namespace, env: { COMMAND_TASK_QUEUE: taskQueue, COMMAND_TIMEOUT_SECONDS: '10' } });
    const lines = ['id,name'];
    for (let n = 1; n <= STATIONS; n++) lines.push(`load-${n},Load ${n}`);
    // multi-row imports (no passwords, so the secret key is not used)
    await importChargePointsCsv(app.db, lines.join('\n'), { secretKey: {} as SecretKey });
    await importChargePointsCsv(app.db, 'id,name\ncp-offline,Offline one', { secretKey: {} as SecretKey });
    await app.db.chargePoints.update('load-9999', { name: '=SUM(A1)' });
    await importChargeTagsCsv(app.db, 'tagId,name\nCARD-1,Anna\nCARD-2,Ben\nCARD-10,Cleo');
    browser = await launchBrowser();
    page = await (await newContext(browser, app.url, 'en')).newPage();
    await signIn(page, 'test-admin', 'admin-password');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    worker?.shutdown();
    await running;
    await connection?.close();
  });

  const ids = () => page.locator('table[data-list] tbody tr td:nth-child(2)').allInnerTexts();

  it('pages, sorts naturally and searches', async () => {
    await open(page, '/admin/charge-points');
    expect(await page.locator('.list-count').innerText()).toBe(`1–50 of ${STATIONS + 1}`);
    expect((await ids()).slice(0, 3)).toEqual(['cp-offline', 'load-1', 'load-2']);
    expect(await ids()).toHaveLength(50);

    await page.getByRole('link', { name: en.cpAdmin.id, exact: true }).click();
    await expect.poll(() => page.url()).toContain('dir=desc');
    expect((await ids()).slice(0, 3)).toEqual(['load-10000', 'load-9999', 'load-9998']);
    await page.getByRole('link', { name: en.list.next }).click();
    await expect.poll(async () => (await ids())[0]).toBe('load-9950');
    expect(await page.getByText(en.list.pageOf.replace('{{page}}', '2').replace('{{pages}}', '201')).count()).toBe(1);

    await page.getByLabel(en.list.search).fill('LOAD-999');
    await page.getByRole('button', { name: en.list.apply }).click();
    await expect.poll(() => page.locator('.list-count').innerText()).toBe('1–11 of 11');
    // the search keeps the sort; a new search starts at page 1
    expect((await ids()).slice(0, 2)).toEqual(['load-9999', 'load-9998']);
    expect(await missingKeys(page)).toEqual([]);
  });

  it('runs a command on two selected stations and shows each station’s outcome', async () => {
    await open(page, '/admin/charge-points?q=load-999&sort=id&dir=asc');
    await page.getByLabel('Select load-999', { exact: true }).check();
    await page.getByLabel('Select load-9990', { exact: true }).check();
    await page.getByLabel(en.list.bulk.command).selectOption('triggerHeartbeat');
    await page.getByRole('button', { name: en.list.bulk.run }).click();
    const results = page.locator('.bulk-results tbody tr');
    await expect.poll(() => results.count(), { timeout: 30_000 }).toBe(2);
    expect(await results.allInnerTexts()).toEqual(['load-999\tAnswered Accepted', 'load-9990\tAnswered Accepted']);

    await open(page, '/admin/charge-points?q=offline');
    await page.getByLabel('Select cp-offline', { exact: true }).check();
    await page.getByRole('button', { name: en.list.bulk.run }).click();
    await expect.poll(() => page.locator('.bulk-results tbody tr[data-outcome=failed]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('.bulk-results').innerText()).toContain('Failed: no gateway node holds a connection to cp-offline');

    await open(page, '/admin/charge-points');
    await page.getByRole('button', { name: en.list.bulk.run }).click();
    await expect.poll(() => page.locator('p.error[role=alert]').innerText()).toBe(en.list.bulk.noneSelected);
  });

  it('downloads the searched list as CSV, formula cells guarded', async () => {
    await open(page, '/admin/charge-points?q=load-999&sort=id&dir=desc');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: en.common.downloadCsv }).click()]);
    expect(download.suggestedFilename()).toBe('charge-points.csv');
    const lines = (await readFile((await download.path())!, 'utf8')).split('\r\n');
    expect(lines[0]).toBe('\uFEFFid,name,comment,online,registrationStatus,protocol,lastSeenAt');
    expect(lines.slice(1, 3)).toEqual(["load-9999,'=SUM(A1),,no,Accepted,,", 'load-9998,Load 9998,,no,Accepted,,']);
    expect(lines).toHaveLength(13);
    // the export is for admins only
    expect((await app.call('/admin/charge-points.csv', { headers: { accept: 'text/csv' } })).status).toBe(401);
  });

  it('creates an API token with an expiry in the future, refuses one in the past, and lists it', async () => {
    await open(page, '/admin/tokens');
    await page.getByLabel(en.tokenAdmin.name, { exact: true }).fill('expiring');
    await page.getByLabel(en.list.expires, { exact: true }).fill('2020-01-01');
    await page.getByRole('button', { name: en.common.create }).click();
    await expect.poll(() => page.locator('#token-expiresAt-error').innerText()).not.toBe('');
    expect((await app.db.apiTokens.list()).some((token) => token.name === 'expiring')).toBe(false);

    await page.getByLabel(en.tokenAdmin.name, { exact: true }).fill('expiring');
    await page.getByLabel(en.list.expires, { exact: true }).fill('2099-01-31');
    await page.getByRole('button', { name: en.common.create }).click();
    await expect.poll(() => page.getByTestId('new-token').count()).toBe(1);
    const stored = (await app.db.apiTokens.list()).find((token) => token.name === 'expiring');
    expect(stored?.expiresAt?.toISOString()).toBe('2099-01-31T00:00:00.000Z');
    expect(await page.getByTestId('token-expiry').allInnerTexts()).toContain(en.list.never);
    expect((await page.getByTestId('token-expiry').allInnerTexts()).filter((text) => text.includes('2099'))).toHaveLength(1);
    const csv = (await (await page.request.get(`${app.url}/admin/tokens.csv?q=expiring`)).text()).split('\r\n');
    expect(csv[0]).toBe('\uFEFFid,name,owner,createdAt,lastUsedAt,expiresAt');
    expect(csv[1]).toMatch(/^\d+,expiring,test-admin,[^,]+,,2099-01-31 00:00:00$/);
  });

  it('puts two selected tags into a group and exports the tags', async () => {
    await open(page, '/admin/tags');
    expect(await page.locator('table[data-list] tbody tr td:nth-child(2)').allInnerTexts()).toEqual(['CARD-1', 'CARD-2', 'CARD-10']);
    await page.getByLabel('Select CARD-1', { exact: true }).check();
    await page.getByLabel('Select CARD-10', { exact: true }).check();
    await page.getByLabel(en.list.bulk.group).fill('FLEET-7');
    await page.getByRole('button', { name: en.list.bulk.assign }).click();
    await expect.poll(() => page.locator('.ok-box[role=status]').innerText()).toBe('2 tags changed.');
    expect((await app.db.chargeTags.get('CARD-10'))?.parentTagId).toBe('FLEET-7');
    expect((await app.db.chargeTags.get('CARD-2'))?.parentTagId).toBeNull();
    const csv = await page.request.get(`${app.url}/admin/tags.csv?q=fleet-7`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n').slice(1, 3)).toEqual(['CARD-1,Anna,FLEET-7,,no', 'CARD-10,Cleo,FLEET-7,,no']);
  });

  it('pages the connectors and renames one in place', async () => {
    const at = new Date();
    for (const id of ['load-2', 'load-10', 'load-1']) await app.db.connectors.recordStatus({ chargePointId: id, evseId: 1 }, { ocppStatus: 'Available', at });
    await open(page, '/admin/connectors?size=25');
    const stations = () => page.locator('table[data-list] tbody tr td:first-child').allInnerTexts();
    expect((await stations()).map((text) => text.trim().split(/\s+/).at(-1))).toEqual(['load-1', 'load-2', 'load-10']);
    await page.getByLabel(en.connectorAdmin.nameFor.replace('{{chargePoint}}', 'load-2').replace('{{connector}}', '1')).fill('Left');
    await page.locator('tr', { hasText: 'load-2' }).getByRole('button', { name: en.common.save }).click();
    await expect.poll(async () => (await app.db.connectors.list('load-2'))[0]?.name).toBe('Left');
    const csv = await page.request.get(`${app.url}/admin/connectors.csv?q=load-2`);
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^load-2,1,1,Left,Available,Available,/);
  });

  it('lists every transaction newest first, and sorts by station naturally', async () => {
    for (const [id, hour] of [['load-10', 1], ['load-9', 2]] as const) {
      await app.db.transactions.start({ chargePointId: id, evseId: 1, startKey: `${id}|x`, startTag: 'CARD-1', startedAt: new Date(Date.UTC(2026, 10, 1, hour)), meterStartWh: 0 });
    }
    await open(page, '/admin/transactions');
    const stations = () => page.locator('table[data-list] tbody tr td:nth-child(2)').allInnerTexts();
    expect(await stations()).toEqual(['load-9', 'load-10']);
    await page.getByRole('link', { name: en.transaction.chargePoint, exact: true }).click();
    await expect.poll(() => page.url()).toContain('sort=chargePoint');
    expect(await stations()).toEqual(['load-9', 'load-10']);
    await page.getByRole('link', { name: en.transaction.chargePoint, exact: true }).click();
    await expect.poll(() => page.url()).toContain('dir=desc');
    expect(await stations()).toEqual(['load-10', 'load-9']);
    expect(await missingKeys(page)).toEqual([]);
  });

  it('lists the users with the forms in each row, and exports them without secrets', async () => {
    await open(page, '/admin/users?q=test&sort=username&dir=desc');
    const names = await page.locator('table[data-list] tbody tr td:first-child').allInnerTexts();
    expect(names.map((name) => name.trim().split(/\s+/)[0])).toEqual(['test-user', 'test-admin']);
    await page.locator('#role-test-user').selectOption('admin');
    await page.locator('tr', { hasText: 'test-user' }).getByRole('button', { name: en.common.save }).click();
    await expect.poll(async () => (await app.db.users.get('test-user'))?.role).toBe('admin');
    const csv = await (await page.request.get(`${app.url}/admin/users.csv?q=test`)).text();
    expect(csv.split('\r\n')[0]).toBe('\uFEFFusername,role,language,lastLoginAt');
    expect(csv).not.toMatch(/scrypt|\$/);
  });

  it('pages the payments with the status filter kept, and exports them', async () => {
    const base = { currency: 'EUR', holdAmountMinor: 900, pricing: { pricePerMwhMinor: 40_000 }, evseId: 1 };
    const first = await app.db.payments.create({ ...base, chargePointId: 'load-10', workflowId: 'pay/e2e/1', sessionId: 'p'.repeat(22) });
    const second = await app.db.payments.create({ ...base, chargePointId: 'load-9', workflowId: 'pay/e2e/2', sessionId: 'q'.repeat(22) });
    await app.db.payments.update(second.id, { status: 'Failed' });
    await open(page, '/admin/payments');
    const ids = () => page.locator('[data-testid="payment-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-payment-id')));
    expect(await ids()).toEqual([String(second.id), String(first.id)]);
    await page.getByLabel(en.payments.statusLabel, { exact: true }).selectOption('Failed');
    await page.getByRole('button', { name: en.payments.apply }).click();
    await expect.poll(ids).toEqual([String(second.id)]);
    // the status stays when the list is sorted
    await page.getByRole('link', { name: en.payments.chargePoint, exact: true }).click();
    await expect.poll(() => page.url()).toContain('status=Failed');
    expect(await ids()).toEqual([String(second.id)]);
    const csv = await (await page.request.get(`${app.url}/admin/payments.csv?status=Failed`)).text();
    expect(csv.split('\r\n').slice(1, -1).map((line) => line.split(',').slice(2, 5))).toEqual([['load-9', '1', 'Failed']]);
  });

  it('exports the filtered message log newest first in keyset steps', async () => {
    const at = Date.UTC(2026, 10, 2, 8);
    const entries = Array.from({ length: 1200 }, (_, i) => ({
      loggedAt: new Date(at + i * 1000), chargePointId: i % 2 === 0 ? 'load-1' : 'load-2', direction: 'in' as const, messageType: 'CALL' as const,
      action: i === 1198 ? '=HYPERLINK("x")' : 'Heartbeat', uniqueId: `u${i}`, payload: '{}',
    }));
    await app.db.messageLog.insertMany(entries);
    await open(page, '/admin/message-log?chargePointId=load-1');
    const href = await page.getByRole('link', { name: en.common.downloadCsv }).getAttribute('href');
    expect(href).toBe('/admin/message-log.csv?chargePointId=load-1');
    const lines = (await (await page.request.get(`${app.url}${href}`)).text()).split('\r\n');
    expect(lines).toHaveLength(602); // header, 600 entries of load-1, the empty string after the last CRLF
    expect(lines[1]!.split(',').slice(2, 7)).toEqual(['load-1', 'in', 'CALL', '\'=HYPERLINK(""x"")', 'u1198'].map((cell, i) => (i === 3 ? '"\'=HYPERLINK(""x"")"' : cell)));
    expect(lines[600]).toContain(',u0,');
    expect((await page.request.get(`${app.url}/admin/message-log.csv?from=yesterday`)).status()).toBe(400);
  });

  it('reads in German', async () => {
    const context = await newContext(browser, app.url, 'de');
    // the account's language (English from the first sign-in) would win over Accept-Language; the cookie wins over both
    await context.addCookies([{ name: LOCALE_COOKIE, value: 'de', url: app.url }]);
    const german = await context.newPage();
    await signIn(german, 'test-admin', 'admin-password');
    await open(german, '/admin/charge-points?page=2');
    expect(await german.locator('.list-count').innerText()).toBe(`51–100 von ${STATIONS + 1}`);
    expect(await german.getByRole('button', { name: de.list.bulk.run }).count()).toBe(1);
    expect(await missingKeys(german)).toEqual([]);
  });
});
