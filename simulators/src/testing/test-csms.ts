import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  errorCodeFor,
  isFrameViolation,
  type JsonObject,
  MessageType,
  negotiateSubprotocol,
  type OcppValidator,
  type OcppVersion,
  parseFrame,
  serializeCall,
  serializeCallError,
  serializeCallResult,
} from '@csms/gateway/protocol';
import { CallErrorResponse, CallRefusal, CallTimeoutError, ConnectionLostError, NotConnectedError, SchemaViolationError } from '../errors.ts';
import { validatorFor } from '../validators.ts';
import { defaultAnswer } from './default-answers.ts';

/** How to start a {@link TestCsms}. */
export interface TestCsmsOptions {
  /** Basic auth passwords by station id; stations not listed connect without a password. */
  readonly passwords?: Readonly<Record<string, string>>;
  /** BootNotification interval. Default 300 s. */
  readonly heartbeatInterval?: number;
  /** Tag statuses; tags not listed are `Accepted`. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Keep every received CALL in {@link TestCsms.calls} (off for load tests). Default true. */
  readonly record?: boolean;
  /** Timeout of the server's own CALLs. Default 5,000 ms. */
  readonly callTimeoutMs?: number;
}

/** A CALL a station sent. */
export interface ReceivedCall {
  readonly stationId: string;
  readonly version: OcppVersion;
  readonly messageId: string;
  readonly action: string;
  readonly payload: JsonObject;
}

/** A custom answer: a payload, `null` for no answer at all (a server that failed silently), or throw {@link CallRefusal} for a CALLERROR. */
export type AnswerOverride = (call: ReceivedCall) => JsonObject | null;

interface Station {
  readonly id: string;
  readonly ws: WebSocket;
  readonly version: OcppVersion;
  readonly validator: OcppValidator;
  readonly pending: Map<string, { action: string; resolve: (p: JsonObject) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>;
}

/** Events of a {@link TestCsms}. */
export interface TestCsmsEvents {
  connection: [stationId: string, version: OcppVersion];
  disconnection: [stationId: string];
  call: [ReceivedCall];
}

/**
 * A small OCPP-J central system for tests: a `ws` server on 127.0.0.1 (a free port) at `/OCPP/{id}` that
 * negotiates 1.6 / 2.0.1 / 2.1, checks Basic auth, validates every frame both ways with the official schemas,
 * answers every action a station sends and can send any CALL to a station. Schema violations by a station are
 * answered with the CALLERROR the spec names and collected in {@link violations}.
 */
export class TestCsms extends EventEmitter<TestCsmsEvents> {
  readonly url: string;
  readonly port: number;
  /** Every CALL received, in order (when recording). */
  readonly calls: ReceivedCall[] = [];
  /** Descriptions of every schema violation the stations committed. */
  readonly violations: string[] = [];
  /** While true, upgrades are refused with HTTP 503 (a central system that is down). */
  refuseConnections = false;
  readonly #server: WebSocketServer;
  readonly #options: TestCsmsOptions;
  readonly #stations = new Map<string, Station>();
  readonly #overrides = new Map<string, AnswerOverride>();
  #nextTransactionId = 1;
  #nextMessageId = 0;

  private constructor(server: WebSocketServer, options: TestCsmsOptions) {
    super();
    this.setMaxListeners(0);
    this.#server = server;
    this.#options = options;
    this.port = (server.address() as AddressInfo).port;
    this.url = `ws://127.0.0.1:${this.port}/OCPP`;
    server.on('connection', (ws, request) => this.#accept(ws, request));
  }

  /** Starts a server on 127.0.0.1 with a free port. */
  static async start(options: TestCsmsOptions = {}): Promise<TestCsms> {
    // verifyClient needs the instance, which needs the listening server's port.
    const holder: { csms?: TestCsms } = {};
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      perMessageDeflate: false,
      handleProtocols: (offered) => negotiateSubprotocol([...offered])?.subprotocol ?? false,
      verifyClient: (info, done) => {
        const id = stationIdOf(info.req);
        if (id === undefined) return done(false, 404);
        if (holder.csms?.refuseConnections) return done(false, 503);
        const password = options.passwords?.[id];
        if (password !== undefined && info.req.headers.authorization !== basic(id, password)) return done(false, 401);
        done(true);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    holder.csms = new TestCsms(server, options);
    return holder.csms;
  }

  /** Ids of the stations connected now. */
  get stationIds(): string[] {
    return [...this.#stations.keys()];
  }

  /** Replaces the default answer to `action`. */
  answer(action: string, override: AnswerOverride): void {
    this.#overrides.set(action, override);
  }

  /** Resolves with the first CALL from `stationId` with `action` (and matching `where`) at or after index `from`. */
  waitForCall(stationId: string, action: string, where: (call: ReceivedCall) => boolean = () => true, from = 0): Promise<ReceivedCall> {
    const matches = (c: ReceivedCall) => c.stationId === stationId && c.action === action && where(c);
    const seen = this.calls.slice(from).find(matches);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const listener = (call: ReceivedCall) => {
        if (!matches(call)) return;
        this.off('call', listener);
        resolve(call);
      };
      this.on('call', listener);
    });
  }

  /** Resolves when `stationId` is connected. */
  waitForConnection(stationId: string): Promise<void> {
    if (this.#stations.has(stationId)) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = (id: string) => {
        if (id !== stationId) return;
        this.off('connection', listener);
        resolve();
      };
      this.on('connection', listener);
    });
  }

  /** Sends a CALL to a station and resolves with its validated CALLRESULT payload; rejects on CALLERROR. */
  sendCall(stationId: string, action: string, payload: JsonObject): Promise<JsonObject> {
    const station = this.#stations.get(stationId);
    if (station === undefined) return Promise.reject(new NotConnectedError(`${stationId} is not connected`));
    const violation = station.validator.validate('request', action, payload);
    if (violation !== undefined) return Promise.reject(new SchemaViolationError(`${action} request: ${violation.description}`));
    const id = `csms-${++this.#nextMessageId}`;
    const timeoutMs = this.#options.callTimeoutMs ?? 5_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        station.pending.delete(id);
        reject(new CallTimeoutError(action, timeoutMs));
      }, timeoutMs);
      station.pending.set(id, { action, resolve, reject, timer });
      station.ws.send(serializeCall(id, action, payload));
    });
  }

  /** Cuts a station's TCP connection without a closing handshake (a network failure). */
  dropStation(stationId: string): void {
    this.#stations.get(stationId)?.ws.terminate();
  }

  /** Closes every connection and the server. */
  async stop(): Promise<void> {
    for (const station of this.#stations.values()) station.ws.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(ws: WebSocket, request: IncomingMessage): void {
    const id = stationIdOf(request) as string;
    const negotiated = negotiateSubprotocol(ws.protocol === '' ? undefined : ws.protocol);
    if (negotiated === undefined) {
      // OCPP-J: no acceptable sub-protocol → handshake without the header, then close at once.
      ws.close(1002, 'no supported sub-protocol');
      return;
    }
    this.#stations.get(id)?.ws.terminate();
    const station: Station = { id, ws, version: negotiated.version, validator: validatorFor(negotiated.version), pending: new Map() };
    this.#stations.set(id, station);
    ws.on('message', (data) => this.#receive(station, data.toString()));
    ws.on('close', () => {
      if (this.#stations.get(id) === station) this.#stations.delete(id);
      for (const pending of station.pending.values()) {
        clearTimeout(pending.timer);
        pending.reject(new ConnectionLostError(pending.action));
      }
      this.emit('disconnection', id);
    });
    ws.on('error', () => undefined);
    this.emit('connection', id, negotiated.version);
  }

  #receive(station: Station, text: string): void {
    const frame = parseFrame(text, station.version);
    if (isFrameViolation(frame)) {
      station.ws.send(serializeCallError(frame.messageId, errorCodeFor(station.version, frame.kind), frame.description));
      return;
    }
    if (frame[0] === MessageType.Call) {
      this.#answerCall(station, frame[1], frame[2], frame[3]);
      return;
    }
    const pending = station.pending.get(frame[1]);
    if (pending === undefined) return;
    station.pending.delete(frame[1]);
    clearTimeout(pending.timer);
    if (frame[0] === MessageType.CallResult) {
      const violation = station.validator.validate('response', pending.action, frame[2]);
      if (violation === undefined) pending.resolve(frame[2]);
      else pending.reject(new SchemaViolationError(`${pending.action} response: ${violation.description}`));
    } else if (frame[0] === MessageType.CallError) {
      pending.reject(new CallErrorResponse(pending.action, frame[2], frame[3], frame[4]));
    }
  }

  #answerCall(station: Station, messageId: string, action: string, payload: JsonObject): void {
    const { version, validator, ws } = station;
    const call: ReceivedCall = { stationId: station.id, version, messageId, action, payload };
    const refuse = (kind: Parameters<typeof errorCodeFor>[1], description: string) =>
      ws.send(serializeCallError(messageId, errorCodeFor(version, kind), description));
    if (!validator.hasRequest(action)) return refuse('NotImplemented', `unknown action ${action}`);
    const violation = validator.validate('request', action, payload);
    if (violation !== undefined) {
      this.violations.push(`${station.id} ${action}: ${violation.description}`);
      return refuse(violation.kind, violation.description);
    }
    if (this.#options.record ?? true) this.calls.push(call);
    let answer: JsonObject | null | undefined;
    try {
      const override = this.#overrides.get(action);
      answer = override !== undefined ? override(call) : this.#defaultAnswer(version, action, payload);
    } catch (error) {
      if (error instanceof CallRefusal) refuse(error.kind, error.message);
      else refuse('InternalError', String(error));
      this.emit('call', call);
      return;
    }
    if (answer === null) {
      // the override chose silence: the station's CALL times out
    } else if (answer === undefined || validator.validate('response', action, answer) !== undefined) {
      refuse('NotImplemented', `the test CSMS has no answer to ${action}`);
    } else {
      ws.send(serializeCallResult(messageId, answer));
    }
    this.emit('call', call);
  }

  #defaultAnswer(version: OcppVersion, action: string, payload: JsonObject): JsonObject {
    const tags = this.#options.tags ?? {};
    return (
      defaultAnswer(version, action, payload, {
        heartbeatInterval: this.#options.heartbeatInterval ?? 300,
        tagStatus: (tag) => tags[tag] ?? 'Accepted',
        nextTransactionId: () => this.#nextTransactionId++,
      }) ?? {}
    );
  }
}

function stationIdOf(request: IncomingMessage): string | undefined {
  const match = /^\/OCPP\/([^/?]+)$/.exec((request.url ?? '').split('?')[0] ?? '');
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

function basic(id: string, password: string): string {
  return `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`;
}
