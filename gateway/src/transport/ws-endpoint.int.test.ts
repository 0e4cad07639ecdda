import { request } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGatewayServer, type GatewayServer } from '../server.ts';
import { parseBasicAuthorization } from './upgrade-request.ts';
import type { ConnectionHandler, StationConnection, StationGate } from './ws-endpoint.ts';

/** A gate over a fixed table: id → password (null: no password configured). */
const stations = new Map<string, string | null>([
  ['open-station', null],
  ['secure-station', 'a-secret-of-twenty-chars'],
  ['station 42', null],
]);
const gate: StationGate = {
  async admit(request) {
    if (!stations.has(request.chargePointId)) return { kind: 'unknown' };
    const password = stations.get(request.chargePointId);
    if (password === null) return { kind: 'accepted' };
    const ok = request.credentials?.username === request.chargePointId && request.credentials.password === password;
    return ok ? { kind: 'accepted' } : { kind: 'unauthorized' };
  },
};

interface Seen {
  connection: StationConnection;
  messages: string[];
  closed?: { code: number; current: boolean };
}
const seen: Seen[] = [];
const listener = (connection: StationConnection): ConnectionHandler => {
  const record: Seen = { connection, messages: [] };
  seen.push(record);
  return {
    onMessage(text) {
      record.messages.push(text);
      connection.send(`echo:${text}`);
    },
    onClose(code, _reason, current) {
      record.closed = { code, current };
    },
  };
};

let server: GatewayServer;
let base: string;
const errors: { error: unknown; chargePointId: string }[] = [];

beforeAll(async () => {
  server = await startGatewayServer({
    host: '127.0.0.1',
    port: 0,
    nodeId: 'test',
    gate,
    listener,
    maxPayloadLength: 64 * 1024,
    idleTimeoutSeconds: 120,
    onError: (error, chargePointId) => void errors.push({ error, chargePointId }),
  });
  base = `ws://127.0.0.1:${server.port}/OCPP`;
});
afterAll(() => server?.close());

function connect(path: string, protocols: string[], headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base}/${path}`, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode} ${res.headers['www-authenticate'] ?? ''}`.trim())));
  });
}

function nextMessage(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(String(data))));
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('OCPP WebSocket endpoint', () => {
  it('refuses an unknown station with 404 before the upgrade', async () => {
    await expect(connect('nobody', ['ocpp1.6'])).rejects.toThrow('HTTP 404');
  });

  it('answers 401 with WWW-Authenticate for a wrong, missing or malformed password', async () => {
    await expect(connect('secure-station', ['ocpp1.6'])).rejects.toThrow(/HTTP 401 Basic realm="OCPP"/);
    await expect(connect('secure-station', ['ocpp1.6'], { authorization: basic('secure-station', 'wrong-password-wrong') })).rejects.toThrow('HTTP 401');
    await expect(connect('secure-station', ['ocpp1.6'], { authorization: basic('open-station', 'a-secret-of-twenty-chars') })).rejects.toThrow('HTTP 401');
    await expect(connect('secure-station', ['ocpp1.6'], { authorization: 'Basic !!!' })).rejects.toThrow('HTTP 401');
  });

  it('accepts the right credentials and percent-decodes the station id', async () => {
    const ws = await connect('secure-station', ['ocpp1.6'], { authorization: basic('secure-station', 'a-secret-of-twenty-chars') });
    expect(ws.protocol).toBe('ocpp1.6');
    ws.close();
    const spaced = await connect('station%2042', ['ocpp2.0.1']);
    expect(seen.at(-1)?.connection.chargePointId).toBe('station 42');
    spaced.close();
  });

  it("honours the station's order and echoes the legacy ocpp2.0 name", async () => {
    const ws = await connect('open-station', ['ocpp2.0', 'ocpp1.6']);
    expect(ws.protocol).toBe('ocpp2.0');
    expect(seen.at(-1)?.connection.version).toBe('2.0.1');
    ws.send('[2,"1","Heartbeat",{}]');
    expect(await nextMessage(ws)).toBe('echo:[2,"1","Heartbeat",{}]');
    ws.close();
  });

  it('completes the handshake without a sub-protocol header and closes when none is acceptable', async () => {
    const { statusCode, protocolHeader, closeCode } = await new Promise<{ statusCode: number; protocolHeader: unknown; closeCode: number }>((resolve, reject) => {
      const req = request(`http://127.0.0.1:${server.port}/OCPP/open-station`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
          'sec-websocket-protocol': 'ocpp9.9',
        },
      });
      req.on('upgrade', (res, socket: Socket, head: Buffer) => {
        const onFrame = (frame: Buffer) => {
          // a server close frame: opcode 0x8, then the 2-byte close code
          expect(frame[0]! & 0x0f).toBe(0x8);
          resolve({ statusCode: res.statusCode!, protocolHeader: res.headers['sec-websocket-protocol'], closeCode: frame.readUInt16BE(2) });
          socket.destroy();
        };
        if (head.length > 0) onFrame(head);
        else socket.once('data', onFrame);
      });
      req.on('error', reject);
      req.end();
    });
    expect(statusCode).toBe(101);
    expect(protocolHeader).toBeUndefined();
    expect(closeCode).toBe(1002);
  });

  it('closes with 1009 when a frame exceeds the maximum size', async () => {
    const ws = await connect('open-station', ['ocpp1.6']);
    const code = closed(ws);
    ws.send('x'.repeat(65 * 1024));
    expect(await code).toBe(1009);
  });

  it('lets a second connection for the same station win without the old close unregistering it', async () => {
    const first = await connect('open-station', ['ocpp1.6']);
    const firstRecord = seen.at(-1)!;
    const firstClosed = closed(first);
    const second = await connect('open-station', ['ocpp1.6']);
    const secondRecord = seen.at(-1)!;
    await firstClosed;
    await expect.poll(() => firstRecord.closed).toEqual({ code: 1000, current: false });
    expect(secondRecord.connection.epoch).toBeGreaterThan(firstRecord.connection.epoch);
    expect(server.registry.get('open-station')).toBe(secondRecord.connection);
    second.send('still here');
    expect(await nextMessage(second)).toBe('echo:still here');
    second.close();
    await expect.poll(() => secondRecord.closed?.current).toBe(true);
    expect(server.registry.get('open-station')).toBeUndefined();
  });
});

describe('a connection that goes away without a close frame', () => {
  it('is not reported as dropped at its upgrade once it was up (only a 1006 inside the upgrade call is)', async () => {
    const ws = await connect('station 42', ['ocpp1.6']);
    const record = seen.at(-1)!;
    ws.send('hello');
    expect(await nextMessage(ws)).toBe('echo:hello');
    ws.terminate();
    await expect.poll(() => record.closed).toEqual({ code: 1006, current: true });
    expect(errors.filter((entry) => entry.chargePointId === 'station 42').map((entry) => String(entry.error))).toEqual([]);
  });
});

describe('Basic credentials', () => {
  it('splits at the first colon only', () => {
    expect(parseBasicAuthorization(basic('cp1', 'pa:ss:word'))).toEqual({ username: 'cp1', password: 'pa:ss:word' });
    expect(parseBasicAuthorization('Bearer abc')).toBeNull();
    expect(parseBasicAuthorization(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeNull();
  });
});
