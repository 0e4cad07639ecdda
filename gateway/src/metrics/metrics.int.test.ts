import { afterEach, describe, expect, it } from 'vitest';
import { rawStation, type RawStation } from '../test-kit/ocpp-clients.ts';
import { parsePrometheusText, type PromExposition } from '../test-kit/prometheus-text.ts';
import { startTestGateway, type TestGateway } from '../test-kit/test-gateway.ts';

async function scrape(running: TestGateway): Promise<{ response: Response; exposition: PromExposition }> {
  const port = running.gateway.metrics?.port;
  if (port === undefined) throw new Error('the gateway serves no metrics');
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  return { response, exposition: parsePrometheusText(await response.text()) };
}

/** Issue 17 item 4: the gateway's Prometheus endpoint, scraped after a short simulated session. */
describe('gateway metrics endpoint', () => {
  let running: TestGateway | undefined;
  let station: RawStation | undefined;
  afterEach(async () => {
    station?.close();
    station = undefined;
    await running?.close();
    running = undefined;
  });

  it('counts connections, calls both ways, CALLERRORs by code, handler runs and writer commits', async () => {
    running = await startTestGateway({ settings: { metrics: { host: '127.0.0.1', port: 0 } } });
    const nodeId = (await scrape(running)).exposition.samples[0]?.labels.node;
    await running.addStation('MET16');
    station = await rawStation(running.endpoint, 'MET16', ['ocpp1.6']);

    const boot = await station.exchange(JSON.stringify([2, 'b1', 'BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'M' }]));
    expect(boot).toMatchObject([3, 'b1', { status: 'Accepted' }]);
    expect(await station.exchange(JSON.stringify([2, 'h1', 'Heartbeat', {}]))).toMatchObject([3, 'h1', {}]);
    const malformed = await station.exchange('[2,"m1"]');
    expect(malformed[0]).toBe(4);
    const code = malformed[2] as string;

    // a server-initiated CALL, answered by hand
    const actor = running.gateway.actor('MET16');
    if (!actor) throw new Error('no actor for MET16');
    // settled (either way) before any assertion can throw, so a failure here is no unhandled rejection
    const pending = actor.call('GetConfiguration', {}).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const call = await station.next();
    expect(call.slice(0, 3)).toEqual([2, expect.any(String), 'GetConfiguration']);
    station.ws.send(JSON.stringify([3, call[1], { configurationKey: [] }]));
    expect(await pending).toEqual({ value: { configurationKey: [] } });

    // commands that end each other way: accepted, rejected, the station's CALLERROR, no answer in time
    const answerNext = async (answer: (id: unknown) => unknown[]) => {
      const next = await station!.next();
      station!.ws.send(JSON.stringify(answer(next[1])));
    };
    const settle = (promise: Promise<unknown>) => promise.then(() => 'ok', () => 'failed');
    let command = settle(actor.call('ClearCache', {}));
    await answerNext((id) => [3, id, { status: 'Accepted' }]);
    expect(await command).toBe('ok');
    command = settle(actor.call('ClearCache', {}));
    await answerNext((id) => [3, id, { status: 'Rejected' }]);
    expect(await command).toBe('ok');
    command = settle(actor.call('Reset', { type: 'Soft' }));
    await answerNext((id) => [4, id, 'NotSupported', 'no', {}]);
    expect(await command).toBe('failed');
    command = settle(actor.call('UnlockConnector', { connectorId: 1 }, { timeoutMs: 200 }));
    expect((await station.next())[2]).toBe('UnlockConnector');
    expect(await command).toBe('failed');

    const { response, exposition } = await scrape(running);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(nodeId).toMatch(/^test-/);

    expect(exposition.types.get('csms_gateway_connections')).toBe('gauge');
    expect(exposition.value('csms_gateway_connections', { protocol: 'ocpp1.6', node: nodeId! })).toBe(1);
    expect(exposition.value('csms_gateway_connections', { protocol: 'ocpp2.0.1' })).toBe(0);

    expect(exposition.types.get('csms_gateway_calls_received_total')).toBe('counter');
    expect(exposition.value('csms_gateway_calls_received_total', { action: 'BootNotification' })).toBe(1);
    expect(exposition.value('csms_gateway_calls_received_total', { action: 'Heartbeat' })).toBe(1);
    expect(exposition.samples.filter((s) => s.name === 'csms_gateway_calls_received_total')).toHaveLength(2);
    expect(exposition.value('csms_gateway_calls_sent_total', { action: 'GetConfiguration' })).toBe(1);

    expect(exposition.types.get('csms_gateway_commands_total')).toBe('counter');
    expect(exposition.value('csms_gateway_commands_total', { action: 'GetConfiguration', outcome: 'answered' })).toBe(1);
    expect(exposition.value('csms_gateway_commands_total', { action: 'ClearCache', outcome: 'accepted' })).toBe(1);
    expect(exposition.value('csms_gateway_commands_total', { action: 'ClearCache', outcome: 'rejected' })).toBe(1);
    expect(exposition.value('csms_gateway_commands_total', { action: 'Reset', outcome: 'call_error' })).toBe(1);
    expect(exposition.value('csms_gateway_commands_total', { action: 'UnlockConnector', outcome: 'timeout' })).toBe(1);
    expect(exposition.samples.filter((s) => s.name === 'csms_gateway_commands_total')).toHaveLength(5);
    expect(exposition.value('csms_gateway_calls_sent_total', { action: 'ClearCache' })).toBe(2);

    expect(exposition.value('csms_gateway_call_errors_sent_total', { code })).toBe(1);
    expect(exposition.samples.filter((s) => s.name === 'csms_gateway_call_errors_sent_total')).toHaveLength(1);

    expect(exposition.types.get('csms_gateway_handler_duration_seconds')).toBe('histogram');
    expect(exposition.value('csms_gateway_handler_duration_seconds_count', { action: 'Heartbeat' })).toBe(1);
    expect(exposition.value('csms_gateway_handler_duration_seconds_count', { action: 'BootNotification' })).toBe(1);
    expect(exposition.value('csms_gateway_handler_duration_seconds_bucket', { action: 'Heartbeat', le: '+Inf' })).toBe(1);

    // the connect and the boot went through the node writer
    expect(exposition.value('csms_gateway_db_batch_ops_count')).toBeGreaterThanOrEqual(1);
    expect(exposition.value('csms_gateway_db_batch_ops_sum')).toBeGreaterThanOrEqual(2);
    expect(exposition.value('csms_gateway_db_commit_seconds_count')).toBe(exposition.value('csms_gateway_db_batch_ops_count'));

    // prom-client's process metrics, under the same prefix
    expect(exposition.types.get('csms_gateway_process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.get('csms_gateway_nodejs_eventloop_lag_seconds')).toBe('gauge');
  });

  it('labels an action no OCPP version defines "unknown", so a station cannot grow the label set', async () => {
    running = await startTestGateway({ settings: { metrics: { host: '127.0.0.1', port: 0 } } });
    await running.addStation('MET-X');
    station = await rawStation(running.endpoint, 'MET-X', ['ocpp1.6']);
    expect((await station.exchange(JSON.stringify([2, 'x1', 'MadeUpAction', {}]))).slice(0, 3)).toEqual([4, 'x1', 'NotImplemented']);
    expect((await station.exchange(JSON.stringify([2, 'x2', 'AlsoMadeUp', {}]))).slice(0, 3)).toEqual([4, 'x2', 'NotImplemented']);

    const { exposition } = await scrape(running);
    expect(exposition.value('csms_gateway_calls_received_total', { action: 'unknown' })).toBe(2);
    expect(exposition.samples.some((s) => s.labels.action === 'MadeUpAction')).toBe(false);
    expect(exposition.value('csms_gateway_call_errors_sent_total', { code: 'NotImplemented' })).toBe(2);
  });

  it('serves nothing but GET /metrics, and no endpoint at all unless configured', async () => {
    running = await startTestGateway({ settings: { metrics: { host: '127.0.0.1', port: 0 } } });
    const base = `http://127.0.0.1:${running.gateway.metrics!.port}`;
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
    await running.close();

    running = await startTestGateway();
    expect(running.gateway.metrics).toBeUndefined();
  });
});
