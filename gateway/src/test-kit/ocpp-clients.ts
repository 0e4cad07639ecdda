import { createRequire } from 'node:module';
import { RPCClient, type createValidator } from 'ocpp-rpc';
import WebSocket from 'ws';

const require = createRequire(import.meta.url);

type Schema = { $id: string; [keyword: string]: unknown };

/**
 * ocpp-rpc's strict-mode validator for 2.1. Its bundled 2.1 schemas carry ids like `urn:AuthorizeRequest` while its
 * client looks up `urn:Authorize.req`, so they are re-keyed in memory (the CC BY-ND files stay untouched). Built like
 * its own `createValidator`, on its own Ajv, except that Ajv's strict-types warnings about the enum definitions (an
 * `additionalProperties` beside `type: "string"`, harmless) are not printed for every schema.
 */
function validator21(): ReturnType<typeof createValidator> {
  const rpcRequire = createRequire(require.resolve('ocpp-rpc'));
  const { Validator } = rpcRequire('./lib/validator.js') as { Validator: new (subprotocol: string, ajv: unknown) => ReturnType<typeof createValidator> };
  const Ajv = rpcRequire('ajv') as new (options: object) => { addSchema(schema: unknown): void; addKeyword(definition: object): void; removeKeyword(name: string): void };
  const addFormats = rpcRequire('ajv-formats') as (ajv: unknown) => void;
  const schemas = (require('ocpp-rpc/lib/schemas/ocpp2_1.json') as Schema[]).map((schema) => {
    const id = schema.$id.replace(/Request$/, '.req').replace(/Response$/, '.conf');
    return { ...schema, $id: id };
  });
  const ajv = new Ajv({ strictSchema: false, strictTypes: false });
  addFormats(ajv);
  ajv.addSchema(schemas);
  // as ocpp-rpc does: multipleOf with a tolerance for binary floating point
  ajv.removeKeyword('multipleOf');
  ajv.addKeyword({
    keyword: 'multipleOf',
    type: 'number',
    compile: (divisor: number) => (data: number) => Math.abs(Math.round(data / divisor) - data / divisor) < 1e-6,
    errors: false,
    metaSchema: { type: 'number' },
  });
  return new Validator('ocpp2.1', ajv);
}

/** The RPC client surface the tests use (ocpp-rpc ships no ESM types for it). */
export interface OcppTestClient {
  readonly protocol: string | undefined;
  connect(): Promise<unknown>;
  call(method: string, params?: unknown, options?: { callTimeoutMs?: number }): Promise<Record<string, unknown>>;
  handle(method: string, handler: (call: { params: Record<string, unknown> }) => unknown): void;
  close(options?: { code?: number; awaitPending?: boolean; force?: boolean }): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): void;
}

/**
 * An independent OCPP client in strict mode: it validates every request it sends and every answer it gets against
 * ocpp-rpc's own copies of the official schemas, so a reply of ours that is off-schema fails the test.
 */
export function strictClient(endpoint: string, identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1', password?: string): OcppTestClient {
  const options = {
    endpoint,
    identity,
    protocols: [protocol],
    strictMode: true,
    ...(protocol === 'ocpp2.1' ? { strictModeValidators: [validator21()] } : {}),
    password: password ?? null,
    reconnect: false,
    callTimeoutMs: 5_000,
  };
  // Its typings demand every option; the defaults are what we want for the rest.
  return new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]) as unknown as OcppTestClient;
}

/** A plain WebSocket station for frames no OCPP library would send. */
export interface RawStation {
  readonly ws: WebSocket;
  /** Sends text and resolves with the next frame from the gateway, parsed. */
  exchange(text: string): Promise<unknown[]>;
  /** The next frame from the gateway, parsed; rejects when the connection closes first. */
  next(): Promise<unknown[]>;
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens a raw connection; rejects with `HTTP <status>` when the upgrade is refused. */
export function rawStation(endpoint: string, identity: string, protocols: string[], headers: Record<string, string> = {}): Promise<RawStation> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${endpoint}/${encodeURIComponent(identity)}`, protocols, { headers });
    const inbox: unknown[][] = [];
    const waiters: { done: (frame: unknown[]) => void; fail: (error: Error) => void }[] = [];
    let ended: Error | undefined;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      const waiter = waiters.shift();
      if (waiter) waiter.done(frame);
      else inbox.push(frame);
    });
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.once('close', (code, reason) => {
        // A frame awaited on a closed connection never comes: fail at once instead of waiting for the test timeout.
        ended = new Error(`the connection closed (${code}${String(reason) ? ` ${String(reason)}` : ''}) before the gateway's next frame`);
        for (const waiter of waiters.splice(0)) waiter.fail(ended);
        done({ code, reason: String(reason) });
      }),
    );
    const next = () =>
      new Promise<unknown[]>((done, fail) => {
        const frame = inbox.shift();
        if (frame) done(frame);
        else if (ended) fail(ended);
        else waiters.push({ done, fail });
      });
    ws.once('open', () =>
      resolve({
        ws,
        next,
        exchange: (text) => {
          ws.send(text);
          return next();
        },
        closed,
        close: () => ws.close(),
      }),
    );
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/**
 * Connects the way a charge point does after losing its connection: when the socket is dropped right after the
 * handshake (1006 before any frame), it connects again, at most `attempts` times. The pinned uWebSockets.js build
 * drops a socket it has just upgraded after an asynchronous admission now and then (its `cork()` bug, fixed upstream
 * in uWebSockets PR #1929; docs/gateway.md), most often a station that reconnects right after its previous socket
 * closed. Real stations reconnect; a test of "the station can reconnect" must too, and every drop is returned so the
 * test can report it. Any other failure is thrown at once.
 */
export async function reconnectStation(
  endpoint: string,
  identity: string,
  protocols: string[],
  attempts = 3,
): Promise<{ station: RawStation; droppedAfterHandshake: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const station = await rawStation(endpoint, identity, protocols);
    const dropped = await station.exchange('[2,"reconnect-probe","Heartbeat",{}]').then(
      () => false,
      async () => (await station.closed).code === 1006,
    );
    if (!dropped) return { station, droppedAfterHandshake: attempt - 1 };
    if (attempt >= attempts) throw new Error(`the gateway dropped ${attempts} reconnects in a row right after the handshake`);
  }
}

/**
 * Connects a strict client the way {@link reconnectStation} connects a raw one: a Heartbeat is its first exchange, and
 * when the gateway drops the socket right after the handshake (1006 before any answer: the pinned uWebSockets.js
 * `cork()` bug, docs/gateway.md) the station connects again, at most `attempts` times, as a charge point does. Only
 * that drop reconnects; any other failure is thrown at once. Returns the drops so the test can report them.
 */
export async function connectStation(client: OcppTestClient, attempts = 3): Promise<{ droppedAfterHandshake: number }> {
  let closeCode: number | undefined;
  client.on('close', (event) => void (closeCode = (event as { code?: number }).code));
  for (let attempt = 1; ; attempt += 1) {
    closeCode = undefined;
    await client.connect();
    try {
      await client.call('Heartbeat', {});
      return { droppedAfterHandshake: attempt - 1 };
    } catch (error) {
      if (closeCode !== 1006 || attempt >= attempts) throw error;
    }
  }
}

/** `Authorization: Basic …` for `user:password`. */
export function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
