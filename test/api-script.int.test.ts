import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargePoint } from '@csms/simulators';
import { REPO_ROOT, startSystem, systemEnvironment, type StartedSystem, type SystemEnvironment } from './support/system.ts';

const run = promisify(execFile);

/**
 * The REST API's promise (issue 8's Done-when), against the system as `npm start` runs it: with a token from the
 * admin CLI, a script creates a station and a tag, a simulator connects, a session is started and stopped
 * remotely, and the transaction downloads as CSV — using only the documented API.
 */
describe('an integration script drives the running system through the REST API', () => {
  let system: SystemEnvironment;
  let started: StartedSystem;
  let station: ChargePoint | undefined;

  beforeAll(async () => {
    system = await systemEnvironment();
    started = await startSystem(system.env);
  }, 300_000);

  afterAll(async () => {
    await station?.close();
    started?.child.kill('SIGTERM');
    await started?.exited;
    await system?.dispose();
  });

  it('creates a station and a tag, starts and stops a session remotely, downloads the CSV', async () => {
    const cli = await run(process.execPath, [join(REPO_ROOT, 'db/bin/csms-db.js'), 'token', 'create', '--user', 'admin', '--name', 'script'], {
      env: { ...process.env, ...system.env },
    });
    const token = cli.stdout.trim().split('\n').at(-1)!;
    const base = `http://127.0.0.1:${system.ports.web}/api/v1`;
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
    };

    const password = 'a-station-secret-1234';
    expect((await api('POST', '/charge-points', { id: 'station42', name: 'Garage left', basicAuthUsername: 'station42', basicAuthPassword: password })).status).toBe(201);
    expect((await api('POST', '/charge-tags', { tagId: 'ABC123', name: 'Alice' })).status).toBe(201);

    station = new ChargePoint({ url: `ws://127.0.0.1:${system.ports.gateway}/OCPP`, id: 'station42', protocol: 'ocpp1.6', connectors: 2, password, heartbeat: false });
    await station.powerUp();
    await expect.poll(async () => (await api('GET', '/charge-points/station42')).json().online, { timeout: 10_000 }).toBe(true);

    const startAnswer = await api('POST', '/charge-points/station42/connectors/1/start', { idTag: 'ABC123' });
    expect(startAnswer.status, startAnswer.text).toBe(200);
    expect(startAnswer.json()).toEqual({ status: 'Accepted' });
    await expect.poll(async () => (await api('GET', '/transactions?chargePointId=station42&open=true')).json().total, { timeout: 15_000 }).toBe(1);

    await station.sendMeterValues(1);
    const stopAnswer = await api('POST', '/charge-points/station42/connectors/1/stop');
    expect(stopAnswer.status, stopAnswer.text).toBe(200);
    expect(stopAnswer.json()).toEqual({ status: 'Accepted' });
    await expect.poll(async () => (await api('GET', '/transactions?chargePointId=station42&open=false')).json().total, { timeout: 15_000 }).toBe(1);

    const csv = await fetch(`${base}/transactions?chargePointId=station42&format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const body = await csv.text();
    expect(body.split('\n').filter((line) => line.trim()).length).toBe(2);
    expect(body).toContain('station42');
    expect(body).toContain('ABC123');
  }, 240_000);
});
