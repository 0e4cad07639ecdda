import { EventEmitter } from 'node:events';
import WebSocket, { type ClientOptions } from 'ws';
import {
  errorCodeFor,
  type Frame,
  type JsonObject,
  MessageType,
  type OcppSubprotocol,
  type OcppValidator,
  type OcppVersion,
  parseFrame,
  isFrameViolation,
  serializeCall,
  serializeCallError,
  serializeCallResult,
} from '@csms/gateway/protocol';
import {
  CallErrorResponse,
  CallRefusal,
  CallTimeoutError,
  ConnectFailedError,
  ConnectionLostError,
  NotConnectedError,
  SchemaViolationError,
} from '../errors.ts';
import { validatorFor } from '../validators.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';

/** How a {@link StationLink} reaches its server. */
export interface LinkOptions {
  /** The endpoint without the station id, e.g. `ws://localhost:8081/OCPP`; the id is appended as last segment. */
  readonly url: string;
  readonly id: string;
  readonly subprotocol: OcppSubprotocol;
  readonly version: OcppVersion;
  /** Basic auth password; the user name is the station id (OCPP security profile 1/2). */
  readonly password?: string | undefined;
  /** Extra `ws` client options, e.g. `ca` or `rejectUnauthorized` for `wss`. */
  readonly ws?: ClientOptions | undefined;
  readonly callTimeoutMs: number;
  /** Reconnect after an unexpected close, or `false` to stay offline. */
  readonly reconnect: false | BackoffOptions;
  /** Validate every payload sent and received against the official schemas. */
  readonly validate: boolean;
  /**
   * How a transaction message (`queueOffline`) the server failed to process (CALLERROR or no answer in time) is sent
   * again: `attempts` transmissions in all, waiting `intervalMs` × the number of transmissions so far before each
   * (1.6 §4.8 TransactionMessageAttempts / TransactionMessageRetryInterval; 2.x OCPPCommCtrlr.MessageAttempts /
   * MessageAttemptInterval). Read at every failure, so a changed setting applies at once. Default: no retry.
   */
  readonly transactionRetry?: () => { readonly attempts: number; readonly intervalMs: number };
}

/** One WebSocket frame, as sent or received. */
export interface FrameEvent {
  readonly direction: 'in' | 'out';
  readonly text: string;
  readonly at: Date;
}

/** What a server-call handler returns: the CALLRESULT payload and what to do once it is sent. */
export interface ServerCallOutcome {
  readonly payload: JsonObject;
  /** Runs after the CALLRESULT went out (a station answers RemoteStart before it starts the transaction). */
  readonly after?: () => void;
}

/** Answers the server's CALLs. Throw {@link CallRefusal} to answer with a CALLERROR. */
export type ServerCallHandler = (action: string, payload: JsonObject) => ServerCallOutcome | Promise<ServerCallOutcome>;

/** Per-call options of {@link StationLink.call}. */
export interface CallOptions {
  /** Keep the message while offline and send it after reconnecting, in order (transaction messages). */
  readonly queueOffline?: boolean;
  /** Put the message before everything queued (BootNotification after a reconnect). */
  readonly front?: boolean;
  /** Send even if the payload violates the schema (for tests of the server's validation). */
  readonly skipValidation?: boolean;
}

/** Events of a {@link StationLink}. */
export interface LinkEvents {
  frame: [FrameEvent];
  open: [];
  close: [code: number, reason: string];
  reconnecting: [attempt: number, delayMs: number];
  /** A frame that fits nothing: a late answer, an unknown message type, a CALLRESULTERROR. */
  unmatched: [text: string];
  error: [Error];
}

interface Outgoing {
  readonly action: string;
  readonly payload: JsonObject | (() => JsonObject);
  readonly options: CallOptions;
  readonly resolve: (payload: JsonObject) => void;
  readonly reject: (error: Error) => void;
  /** Transmissions that got a CALLERROR or no answer (a lost connection does not count). */
  failures: number;
}

interface InFlight {
  readonly entry: Outgoing;
  readonly id: string;
  readonly timer: NodeJS.Timeout;
}

/**
 * The OCPP-J side of one simulated station: one WebSocket, at most one CALL in flight (OCPP-J §4.1.1), a FIFO of
 * CALLs waiting their turn, an offline queue for transaction messages, reconnects with back-off, schema
 * validation both ways, and a `frame` event for every frame.
 */
export class StationLink extends EventEmitter<LinkEvents> {
  readonly options: LinkOptions;
  readonly #validator: OcppValidator;
  #ws: WebSocket | undefined;
  #open = false;
  /** True between connect() and close()/disconnect(): an unexpected close then triggers a reconnect. */
  #wanted = false;
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #queue: Outgoing[] = [];
  #inFlight: InFlight | undefined;
  #nextId = 0;
  /** Nothing is sent before this timer fires: a failed transaction message waits its retry interval at the front. */
  #retryTimer: NodeJS.Timeout | undefined;
  #handler: ServerCallHandler = () => {
    throw new CallRefusal('NotImplemented', 'no handler');
  };
  readonly #rawWaiters = new Map<string, (frame: Frame) => void>();

  constructor(options: LinkOptions) {
    super();
    this.options = options;
    this.#validator = validatorFor(options.version);
  }

  /** The full endpoint URL: base + `/` + station id. */
  get endpoint(): string {
    return `${this.options.url.replace(/\/+$/, '')}/${encodeURIComponent(this.options.id)}`;
  }

  /** True while the WebSocket is open. */
  get online(): boolean {
    return this.#open;
  }

  /** Number of CALLs waiting (queued offline or behind the one in flight). */
  get queued(): number {
    return this.#queue.length;
  }

  /** Sets the function that answers the server's CALLs. */
  onServerCall(handler: ServerCallHandler): void {
    this.#handler = handler;
  }

  /** Opens the connection. Resolves when the handshake is done with the requested sub-protocol. */
  connect(): Promise<void> {
    if (this.#open) return Promise.resolve();
    this.#wanted = true;
    this.#attempt = 0;
    clearTimeout(this.#reconnectTimer);
    return this.#dial();
  }

  /** Closes the connection and stays offline; transaction messages stay queued for the next connect(). */
  async disconnect(code = 1000): Promise<void> {
    this.#wanted = false;
    clearTimeout(this.#reconnectTimer);
    const ws = this.#ws;
    if (ws === undefined || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close(code);
    });
  }

  /** Cuts the TCP connection without a closing handshake, as a lost network would; reconnects if enabled. */
  drop(): void {
    this.#ws?.terminate();
  }

  /** Closes for good: also fails every queued CALL. */
  async close(): Promise<void> {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    await this.disconnect();
    this.#failQueue(true);
  }

  /**
   * Sends a CALL when its turn comes and resolves with the CALLRESULT payload. Rejects on CALLERROR, timeout,
   * schema violation (either way) or a lost connection, unless `queueOffline` keeps it for the next connection.
   */
  call(action: string, payload: JsonObject | (() => JsonObject), options: CallOptions = {}): Promise<JsonObject> {
    return new Promise((resolve, reject) => {
      if (!this.#open && !options.queueOffline) {
        reject(new NotConnectedError(`cannot send ${action}: the station is not connected`));
        return;
      }
      const entry: Outgoing = { action, payload, options, resolve, reject, failures: 0 };
      if (options.front) this.#queue.unshift(entry);
      else this.#queue.push(entry);
      this.#pump();
    });
  }

  /**
   * Sends any text as it is (deliberately bad frames). With `awaitId`, resolves with the server's answer carrying
   * that message id (or `"-1"`, the id servers use when they cannot read one), or `undefined` after `timeoutMs`.
   */
  sendRaw(text: string, awaitId?: string, timeoutMs = this.options.callTimeoutMs): Promise<Frame | undefined> {
    if (!this.#open || this.#ws === undefined) return Promise.reject(new NotConnectedError());
    const answer = new Promise<Frame | undefined>((resolve) => {
      if (awaitId === undefined) {
        resolve(undefined);
        return;
      }
      const timer = setTimeout(() => {
        this.#rawWaiters.delete(awaitId);
        resolve(undefined);
      }, timeoutMs);
      this.#rawWaiters.set(awaitId, (frame) => {
        clearTimeout(timer);
        this.#rawWaiters.delete(awaitId);
        resolve(frame);
      });
    });
    this.#send(text);
    return answer;
  }

  /** A fresh message id, unique for this link's lifetime. */
  nextMessageId(): string {
    return String(++this.#nextId);
  }

  #dial(): Promise<void> {
    const headers: Record<string, string> = {};
    if (this.options.password !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(`${this.options.id}:${this.options.password}`).toString('base64')}`;
    }
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.endpoint, [this.options.subprotocol], {
        perMessageDeflate: false,
        handshakeTimeout: this.options.callTimeoutMs,
        ...this.options.ws,
        headers: { ...this.options.ws?.headers, ...headers },
      });
      this.#ws = ws;
      let failure: Error | undefined;
      ws.on('open', () => {
        if (ws.protocol !== this.options.subprotocol) {
          failure = new ConnectFailedError(`server agreed no sub-protocol (offered ${this.options.subprotocol})`);
          ws.close(1002);
          return;
        }
        this.#open = true;
        this.#attempt = 0;
        this.emit('open');
        this.#pump();
        resolve();
      });
      ws.on('message', (data, isBinary) => {
        if (!isBinary) this.#receive(data.toString());
      });
      ws.on('error', (error) => {
        if (this.#open) this.emit('error', error);
        else failure ??= connectFailure(error);
      });
      ws.on('close', (code, reason) => {
        if (this.#ws === ws) this.#ws = undefined;
        if (this.#open) {
          this.#open = false;
          this.#onClosed(code, reason.toString());
        } else {
          reject(failure ?? new ConnectFailedError(`connection closed during handshake (${code})`));
          if (this.#wanted && this.#attempt > 0) this.#scheduleReconnect();
        }
      });
    });
  }

  #onClosed(code: number, reason: string): void {
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    if (inFlight !== undefined) {
      clearTimeout(inFlight.timer);
      // An unanswered transaction message is sent again after reconnecting (with a new message id).
      if (inFlight.entry.options.queueOffline) this.#queue.unshift(inFlight.entry);
      else inFlight.entry.reject(new ConnectionLostError(inFlight.entry.action));
    }
    this.#failQueue(false);
    this.emit('close', code, reason);
    if (this.#wanted && this.options.reconnect !== false) this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.options.reconnect === false) return;
    const delay = backoffDelay(this.options.reconnect, this.#attempt);
    this.#attempt += 1;
    this.emit('reconnecting', this.#attempt, delay);
    this.#reconnectTimer = setTimeout(() => {
      // A failed dial schedules the next attempt itself (see the close handler).
      this.#dial().catch(() => undefined);
    }, delay);
  }

  #failQueue(all: boolean): void {
    const keep: Outgoing[] = [];
    for (const entry of this.#queue) {
      if (!all && entry.options.queueOffline) keep.push(entry);
      else entry.reject(all ? new NotConnectedError(`${entry.action} discarded: station closed`) : new ConnectionLostError(entry.action));
    }
    this.#queue = keep;
  }

  #pump(): void {
    while (this.#open && this.#inFlight === undefined && this.#retryTimer === undefined && this.#queue.length > 0) {
      const entry = this.#queue.shift() as Outgoing;
      let payload: JsonObject;
      try {
        payload = typeof entry.payload === 'function' ? entry.payload() : entry.payload;
      } catch (error) {
        entry.reject(error as Error);
        continue;
      }
      if (this.options.validate && !entry.options.skipValidation) {
        const violation = this.#validator.validate('request', entry.action, payload);
        if (violation !== undefined) {
          entry.reject(new SchemaViolationError(`${entry.action} request: ${violation.description}`));
          continue;
        }
      }
      const id = this.nextMessageId();
      const timer = setTimeout(() => this.#timeout(id), this.options.callTimeoutMs);
      this.#inFlight = { entry, id, timer };
      this.#send(serializeCall(id, entry.action, payload));
    }
  }

  #timeout(id: string): void {
    const inFlight = this.#inFlight;
    if (inFlight?.id !== id) return;
    this.#inFlight = undefined;
    if (!this.#retryLater(inFlight.entry)) inFlight.entry.reject(new CallTimeoutError(inFlight.entry.action, this.options.callTimeoutMs));
    this.#pump();
  }

  /**
   * A transaction message the server failed to process goes back to the front of the queue, to be sent again (with a
   * new message id) after the retry interval; later messages wait behind it, so transaction messages keep their
   * order. Returns false when it has no transmissions left (the caller then fails it).
   */
  #retryLater(entry: Outgoing): boolean {
    const policy = entry.options.queueOffline ? this.options.transactionRetry?.() : undefined;
    entry.failures += 1;
    if (policy === undefined || entry.failures >= policy.attempts) return false;
    this.#queue.unshift(entry);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#pump();
    }, policy.intervalMs * entry.failures);
    return true;
  }

  #send(text: string): void {
    this.#ws?.send(text);
    this.emit('frame', { direction: 'out', text, at: new Date() });
  }

  #receive(text: string): void {
    this.emit('frame', { direction: 'in', text, at: new Date() });
    // Lenient on id length: a server echoes the over-long id of a bad frame this station sent on purpose.
    const parsed = parseFrame(text, this.options.version, Infinity);
    if (isFrameViolation(parsed)) {
      if (parsed.messageType === MessageType.Call) {
        this.#send(serializeCallError(parsed.messageId, errorCodeFor(this.options.version, parsed.kind), parsed.description));
      } else {
        this.emit('unmatched', text);
      }
      return;
    }
    const id = parsed[1];
    const raw = this.#rawWaiters.get(id) ?? (id === '-1' ? this.#rawWaiters.values().next().value : undefined);
    if (raw !== undefined && this.#inFlight?.id !== id) {
      raw(parsed);
      return;
    }
    switch (parsed[0]) {
      case MessageType.Call:
        void this.#answer(id, parsed[2], parsed[3]);
        return;
      case MessageType.CallResult:
      case MessageType.CallError:
        if (this.#inFlight?.id === id) this.#complete(parsed);
        else this.emit('unmatched', text);
        return;
      default:
        this.emit('unmatched', text);
    }
  }

  #complete(frame: Frame): void {
    const inFlight = this.#inFlight as InFlight;
    this.#inFlight = undefined;
    clearTimeout(inFlight.timer);
    const { action } = inFlight.entry;
    if (frame[0] === MessageType.CallError) {
      if (!this.#retryLater(inFlight.entry)) inFlight.entry.reject(new CallErrorResponse(action, frame[2], frame[3], frame[4]));
    } else if (frame[0] === MessageType.CallResult) {
      const violation = this.options.validate ? this.#validator.validate('response', action, frame[2]) : undefined;
      if (violation !== undefined) {
        inFlight.entry.reject(new SchemaViolationError(`${action} response: ${violation.description}`));
      } else {
        inFlight.entry.resolve(frame[2]);
      }
    }
    // The next payload may be built from this answer (a queued 1.6 stop needs the start's transactionId): let the
    // caller's continuation run first.
    setImmediate(() => this.#pump());
  }

  async #answer(id: string, action: string, payload: JsonObject): Promise<void> {
    const version = this.options.version;
    if (!this.#validator.hasRequest(action)) {
      this.#send(serializeCallError(id, errorCodeFor(version, 'NotImplemented'), `unknown action ${action}`));
      return;
    }
    const violation = this.options.validate ? this.#validator.validate('request', action, payload) : undefined;
    if (violation !== undefined) {
      this.#send(serializeCallError(id, errorCodeFor(version, violation.kind), violation.description));
      return;
    }
    let outcome: ServerCallOutcome;
    try {
      outcome = await this.#handler(action, payload);
    } catch (error) {
      const kind = error instanceof CallRefusal ? error.kind : 'InternalError';
      this.#send(serializeCallError(id, errorCodeFor(version, kind), (error as Error).message));
      if (!(error instanceof CallRefusal)) this.emit('error', error as Error);
      return;
    }
    const bad = this.options.validate ? this.#validator.validate('response', action, outcome.payload) : undefined;
    if (bad !== undefined) {
      // A bug in the simulator, not the server's fault: say so on the wire and to the script.
      this.#send(serializeCallError(id, errorCodeFor(version, 'InternalError'), 'simulator built an invalid answer'));
      this.emit('error', new SchemaViolationError(`${action} answer: ${bad.description}`));
      return;
    }
    this.#send(serializeCallResult(id, outcome.payload));
    outcome.after?.();
  }
}

function connectFailure(error: Error): ConnectFailedError {
  const status = /Unexpected server response: (\d{3})/.exec(error.message)?.[1];
  return new ConnectFailedError(error.message, status === undefined ? undefined : Number(status), error);
}
