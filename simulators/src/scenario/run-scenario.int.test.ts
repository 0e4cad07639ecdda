import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChargePoint } from '../charge-point/charge-point.ts';
import { TestCsms } from '../testing/test-csms.ts';
import { runScenario } from './run-scenario.ts';
import { loadScenario, parseScenario } from './scenario.ts';

const SCENARIOS = ['charge-session.yaml', 'offline-session.yaml', 'all-messages.json'];
const file = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

let csms: TestCsms;
let cp: ChargePoint | undefined;

beforeEach(async () => {
  csms = await TestCsms.start();
});

afterEach(async () => {
  await cp?.close();
  await csms.stop();
  expect(csms.violations).toEqual([]);
});

describe.each(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const)('shipped scenarios over %s', (protocol) => {
  it.each(SCENARIOS)('%s runs to the end', async (name) => {
    cp = new ChargePoint({ url: csms.url, id: `scn-${protocol}`, protocol, connectors: 2, reconnect: false });
    await runScenario(cp, await loadScenario(file(name)), { tag: 'ABC123', speed: Infinity });
    expect(cp.connector(1).transaction).toBeUndefined();
    if (name === 'charge-session.yaml') expect(cp.connector(1).meter.registerWh).toBe(5500);
  });
});

describe('runScenario', () => {
  it('fails at the first unexpected answer, naming the step', async () => {
    csms.answer('Authorize', () => ({ idTagInfo: { status: 'Blocked' } }));
    cp = new ChargePoint({ url: csms.url, id: 'scn-fail', reconnect: false });
    const scenario = parseScenario('steps: [boot, {authorize: ABC}, heartbeat]');
    await expect(runScenario(cp, scenario)).rejects.toThrow(/step 2 \(authorize\).*expected "Accepted".*"Blocked"/);
  });

  it('waits for a server call', async () => {
    cp = new ChargePoint({ url: csms.url, id: 'scn-wait', reconnect: false });
    const run = runScenario(cp, parseScenario('steps: [boot, {waitForCall: {action: RemoteStartTransaction, timeout: 10}}, {stop: 1}]'));
    await csms.waitForCall('scn-wait', 'StatusNotification', (c) => c.payload.connectorId === 1);
    await csms.sendCall('scn-wait', 'RemoteStartTransaction', { idTag: 'R1', connectorId: 1 });
    await run;
    await csms.waitForCall('scn-wait', 'StopTransaction');
  });
});
