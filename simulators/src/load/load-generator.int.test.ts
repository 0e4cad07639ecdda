import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCsms } from '../testing/test-csms.ts';
import { runLoad } from './load-generator.ts';

let csms: TestCsms;

beforeAll(async () => {
  csms = await TestCsms.start({ record: false });
});

afterAll(async () => {
  await csms.stop();
});

describe('runLoad', () => {
  it('holds 1,000 stations on loopback, boots each, and gets an answer to every CALL with one in flight each (closed loop)', async () => {
    // a call timeout far beyond any answer time: only a CALL that is never answered may count, however busy the machine
    const result = await runLoad({ url: csms.url, stations: 1_000, connectRate: 5_000, durationS: 1, idPrefix: 'closed-', callTimeoutMs: 240_000 });
    expect(result).toMatchObject({ N: 1_000, connected: 1_000, booted: 1_000, connectFailures: 0, callErrors: 0, timeouts: 0, disconnects: 0, mode: 'closed' });
    expect(result.connectBootMs.count).toBe(1_000);
    // the closed loop opens the window with one CALL per station; every CALL sent is answered
    expect(result.sent).toBeGreaterThanOrEqual(1_000);
    expect(result.answered).toBe(result.sent);
    expect(result.latencyMs.count).toBe(result.answered);
    expect(Object.values(result.latencyByActionMs).reduce((sum, summary) => sum + (summary?.count ?? 0), 0)).toBe(result.answered);
    expect(Object.keys(result.latencyByActionMs).sort()).toEqual(['Authorize', 'Heartbeat', 'MeterValues', 'StatusNotification']);
    expect(csms.violations).toEqual([]);
  }, 600_000);

  it.each(['ocpp2.0.1', 'ocpp2.1'] as const)('open loop at a fixed rate over %s: every CALL answered, none refused', async (protocol) => {
    const result = await runLoad({
      url: csms.url, stations: 50, protocol, durationS: 0.5, rate: 400, idPrefix: `open-${protocol}-`, callTimeoutMs: 240_000,
      mix: { Heartbeat: 1, MeterValues: 1, DataTransfer: 1, Authorize: 1, StatusNotification: 1 },
    });
    expect(result).toMatchObject({ connected: 50, booted: 50, mode: 'open', rate: 400, callErrors: 0, timeouts: 0, disconnects: 0 });
    expect(result.sent).toBeGreaterThan(0);
    expect(result.answered).toBe(result.sent);
    expect(csms.violations).toEqual([]);
  }, 600_000);

  it('connects a station again when its socket drops after the 101, before its boot is answered, and counts it', async () => {
    // as the pinned uWebSockets.js does now and then (docs/gateway.md): the first socket of two stations is cut
    const cut = new Set(['dropped-1', 'dropped-3']);
    const dropFirst = (id: string) => {
      if (cut.delete(id)) csms.dropStation(id);
    };
    csms.on('connection', dropFirst);
    try {
      const result = await runLoad({ url: csms.url, stations: 5, durationS: 0.1, idPrefix: 'dropped-', callTimeoutMs: 240_000 });
      expect(cut.size).toBe(0);
      expect(result).toMatchObject({ connected: 5, booted: 5, reconnects: 2, disconnects: 0, connectFailures: 0, timeouts: 0 });
      expect(result.answered).toBe(result.sent);
    } finally {
      csms.off('connection', dropFirst);
    }
  });

  it('counts stations that cannot connect', async () => {
    csms.refuseConnections = true;
    try {
      const result = await runLoad({ url: csms.url, stations: 5, durationS: 0.1, idPrefix: 'refused-' });
      expect(result).toMatchObject({ connected: 0, connectFailures: 5, answered: 0 });
    } finally {
      csms.refuseConnections = false;
    }
  });
});
