import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { chargingSessionWorkflowId } from '@csms/temporal';
import { loadGatewayConfig } from '../config.ts';
import { startGateway, type Gateway } from '../gateway.ts';
import { rawStation, type RawStation } from '../test-kit/ocpp-clients.ts';

/*
 * A gateway killed with SIGKILL in the middle of its batches loses nothing it answered: every StatusNotification,
 * MeterValues, StartTransaction and StopTransaction the stations got a CALLRESULT for is in the database with its
 * outbox event, because an answer follows the commit of its batch. After a restart, starts the stations never got an
 * answer for are resent and find their row when it was committed (no second transaction, no second `started`).
 */
const STATIONS = 8;
let db: TestDatabase;
let child: ChildProcess | undefined;
let gateway: Gateway | undefined;
const sockets: RawStation[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await db.chargeTags.create('TAG-K', { name: 'K' });
  for (let i = 0; i < STATIONS; i++) await db.chargePoints.create(`KILL-${i}`, { name: `k${i}` });
});
afterAll(async () => {
  for (const socket of sockets) socket.ws.terminate();
  child?.kill('SIGKILL');
  await gateway?.stop();
  await db?.close();
});

interface Answered {
  readonly action: string;
  readonly payload: Record<string, unknown>;
  readonly answer: Record<string, unknown>;
}

/** Sends one CALL; resolves with its CALLRESULT payload, or undefined when the connection died first. */
async function call(socket: RawStation, n: number, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  // the test kit fails an awaited answer as soon as the connection closes: that is the gateway dying
  const frame = await socket.exchange(JSON.stringify([2, `m${n}`, action, payload])).catch(() => undefined);
  if (!frame) return undefined;
  if (frame[0] !== 3) throw new Error(`${action} got ${JSON.stringify(frame)}`);
  return frame[2] as Record<string, unknown>;
}

describe('a gateway killed mid-batch', () => {
  it('loses nothing it answered, and resent starts find their rows after the restart', async () => {
    child = fork(join(import.meta.dirname, '../test-kit/gateway-process.ts'), [], {
      env: { ...process.env, DATABASE_URL: db.url },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      child!.once('message', (message) => resolve(message as { port: number }));
      child!.once('exit', (code) => reject(new Error(`gateway process exited (${code})`)));
    });
    const endpoint = `ws://127.0.0.1:${port}/OCPP`;
    const answered: Answered[][] = Array.from({ length: STATIONS }, () => []);
    const lastStart: (Record<string, unknown> | undefined)[] = [];
    let total = 0;
    const drive = async (i: number) => {
      const socket = await rawStation(endpoint, `KILL-${i}`, ['ocpp1.6']);
      sockets.push(socket);
      let n = 0;
      const send = async (action: string, payload: Record<string, unknown>) => {
        const answer = await call(socket, n++, action, payload);
        if (answer === undefined) return undefined;
        answered[i]!.push({ action, payload, answer });
        total += 1;
        return answer;
      };
      for (let round = 0; ; round++) {
        const t = (s: number) => new Date(Date.UTC(2026, 2, 1, 0, round, s)).toISOString();
        if (!(await send('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: t(0) }))) return;
        const start = { connectorId: 1, idTag: 'TAG-K', meterStart: round * 1000, timestamp: t(1) };
        lastStart[i] = start;
        const started = await send('StartTransaction', start);
        if (!started) return;
        lastStart[i] = undefined;
        const transactionId = started.transactionId as number;
        for (const s of [10, 20]) {
          const value = String(round * 1000 + s * 10);
          if (!(await send('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: t(s), sampledValue: [{ value }] }] }))) return;
        }
        if (!(await send('StopTransaction', { transactionId, meterStop: round * 1000 + 500, timestamp: t(30), idTag: 'TAG-K' }))) return;
        if (!(await send('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: t(31) }))) return;
      }
    };
    const drivers = Array.from({ length: STATIONS }, (_, i) => drive(i));
    // kill it once the stations are well into their sessions, while their writes are in flight
    while (total < STATIONS * 20) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await Promise.all(drivers);

    for (const [i, messages] of answered.entries()) {
      const id = `KILL-${i}`;
      const [connector] = await db.connectors.list(id);
      for (const { action, payload, answer } of messages) {
        if (action === 'StatusNotification') {
          expect(connector!.statusAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(payload.timestamp as string));
        } else if (action === 'StartTransaction') {
          const row = await db.transactions.get(answer.transactionId as number);
          expect(row).toMatchObject({ chargePointId: id, meterStartWh: payload.meterStart, startedAt: new Date(payload.timestamp as string) });
          const events = await db.outbox.listForWorkflow(chargingSessionWorkflowId(id, row!.id));
          expect(events[0]).toMatchObject({ seq: 1, type: 'started' });
        } else if (action === 'MeterValues') {
          const samples = await db.meterSamples.listForTransaction(payload.transactionId as number);
          const [reading] = payload.meterValue as { sampledValue: { value: string }[] }[];
          expect(samples.map((s) => s.value)).toContain(Number(reading!.sampledValue[0]!.value));
        } else if (action === 'StopTransaction') {
          const row = await db.transactions.get(payload.transactionId as number);
          expect(row).toMatchObject({ status: 'Completed', meterStopWh: payload.meterStop });
          const events = await db.outbox.listForWorkflow(chargingSessionWorkflowId(id, row!.id));
          expect(events.map((e) => e.type)).toContain('stopped');
          expect(events.map((e) => e.seq)).toEqual(events.map((_, n) => n + 1));
        }
      }
    }

    // restart; the stations whose start was never answered resend it
    const settings = loadGatewayConfig({
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: '0',
      GATEWAY_MAX_FRAME_BYTES: String(64 * 1024),
      MESSAGE_LOG_LEVEL: 'off',
      OCPP_CALL_TIMEOUT_SECONDS: '5',
      OCPP_AUTH_CACHE_SECONDS: '0',
    });
    gateway = await startGateway({
      db,
      secretKey: { bytes: randomBytes(32), source: 'env' },
      logger: pino({ level: 'silent' }),
      // no station security settings: no origin check, no login throttle
      settings: { ...settings, nodeId: 'killed-restart', stationSecurity: undefined },
    });
    for (const [i, start] of lastStart.entries()) {
      if (!start) continue;
      const id = `KILL-${i}`;
      const before = await db.transactions.list({ chargePointId: id });
      const socket = await rawStation(`ws://127.0.0.1:${gateway.port}/OCPP`, id, ['ocpp1.6']);
      sockets.push(socket);
      const answer = await call(socket, 1, 'StartTransaction', start);
      const after = await db.transactions.list({ chargePointId: id });
      const committed = before.find((row) => row.meterStartWh === start.meterStart && row.startedAt.toISOString() === start.timestamp);
      if (committed) {
        expect(answer?.transactionId).toBe(committed.id);
        expect(after).toHaveLength(before.length);
      } else {
        expect(after).toHaveLength(before.length + 1);
      }
      const events = await db.outbox.listForWorkflow(chargingSessionWorkflowId(id, answer!.transactionId as number));
      expect(events.filter((e) => e.type === 'started')).toHaveLength(1);
    }
  });
});
