import { randomUUID } from 'node:crypto';
import { inSpan, tracingActive } from '@csms/temporal/tracing';
import { errorCodeFor } from '../protocol/error-codes.ts';
import { type CallFrame, type JsonObject, MessageType, type SendFrame } from '../protocol/frames.ts';
import { isFrameViolation, MAX_MESSAGE_ID_LENGTH, parseFrame, type FrameViolation } from '../protocol/parse.ts';
import { serializeCallError } from '../protocol/serialize.ts';
import type { ActorMetrics } from './actor-metrics.ts';
import type { ActionMapShape, StationContext } from './handler.ts';
import { OutgoingCalls } from './outgoing-calls.ts';
import { RetransmitCache } from './retransmit-cache.ts';
import type { OcppRouter } from './router.ts';

/** Taps every frame for the message log; called synchronously, so it must only enqueue (batch writes elsewhere). */
export interface MessageObserver {
  (direction: 'in' | 'out', text: string, action: string | undefined): void;
}

/** Options of {@link StationActor}. */
export interface StationActorOptions<C extends StationContext> {
  /** The connection's context; its `version` must match the router's. */
  readonly context: C;
  /** Writes one text frame to the socket. May throw when the socket is gone. */
  readonly send: (text: string) => void;
  /** The router of the connection's version (shared by all its connections). */
  readonly router: OcppRouter<C>;
  /** Per-station lenient mode: soft schema violations are logged and processed, long message ids accepted. */
  readonly lenient?: boolean;
  /** Timeout of a server-initiated CALL; default 30 s (OCPP 2.x `MessageTimeout` starting point). */
  readonly callTimeoutMs?: number;
  /** Server-initiated CALLs that may wait behind the one in flight; default 100. */
  readonly maxQueuedCalls?: number;
  /** Incoming CALLs that may wait in the mailbox; more are refused with GenericError. Default 64. */
  readonly maxMailbox?: number;
  /** Answered CALLs remembered for retransmissions; default 4. */
  readonly retransmitCacheSize?: number;
  /** Message ids for server-initiated CALLs; default `crypto.randomUUID` (unique across connections, §4.1.4). */
  readonly newMessageId?: () => string;
  readonly observer?: MessageObserver;
  /** Counts calls, CALLERRORs and handler latency (off when absent). */
  readonly metrics?: ActorMetrics;
}

/** Options for one server-initiated CALL. */
export interface CallOptions {
  /** Overrides the actor's `callTimeoutMs`. */
  readonly timeoutMs?: number;
}

type AnyActionMap = { readonly [action: string]: { request: object; response: JsonObject } };

/**
 * The actor of one station connection, transport-agnostic: the transport feeds it text frames with
 * {@link receive}, gives it a `send` function and calls {@link close} when the socket closes.
 *
 * - Incoming CALLs (and 2.1 SENDs) go through a mailbox and are handled strictly one after another, in arrival
 *   order, even when handlers are asynchronous.
 * - A retransmitted CALL that was already answered is answered from a small cache, never executed twice.
 * - Answers to server-initiated CALLs bypass the mailbox (a handler may itself wait on a server CALL).
 * - Server-initiated CALLs: see {@link call}.
 *
 * @typeParam M the action map of the connection's version (`Ocpp16ActionMap` …) to type {@link call}
 */
export class StationActor<C extends StationContext = StationContext, M extends ActionMapShape<M> = AnyActionMap> {
  readonly context: C;
  readonly #send: (text: string) => void;
  readonly #router: OcppRouter<C>;
  readonly #lenient: boolean;
  readonly #maxIdLength: number;
  readonly #maxMailbox: number;
  readonly #observer: MessageObserver | undefined;
  readonly #metrics: ActorMetrics | undefined;
  readonly #cache: RetransmitCache;
  readonly #calls: OutgoingCalls;
  readonly #mailbox: (CallFrame | SendFrame)[] = [];
  readonly #frameLengths: number[] = [];
  #busy = false;
  #closed = false;

  constructor(options: StationActorOptions<C>) {
    if (options.router.version !== options.context.version) {
      throw new Error(`router is for OCPP ${options.router.version}, connection speaks ${options.context.version}`);
    }
    this.context = options.context;
    this.#send = options.send;
    this.#router = options.router;
    this.#lenient = options.lenient ?? false;
    this.#maxIdLength = this.#lenient ? Number.POSITIVE_INFINITY : MAX_MESSAGE_ID_LENGTH;
    this.#maxMailbox = options.maxMailbox ?? 64;
    this.#observer = options.observer;
    this.#metrics = options.metrics;
    this.#cache = new RetransmitCache(options.retransmitCacheSize ?? 4);
    this.#calls = new OutgoingCalls({
      send: (text) => this.#write(text, this.#calls.inFlightAction),
      validator: options.router.validator,
      logger: options.context.logger,
      newMessageId: options.newMessageId ?? randomUUID,
      timeoutMs: options.callTimeoutMs ?? 30_000,
      maxQueued: options.maxQueuedCalls ?? 100,
      lenient: this.#lenient,
    });
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Server-initiated CALLs queued or in flight. */
  get pendingCalls(): number {
    return this.#calls.pending;
  }

  /** Feeds one text frame received from the station. Never throws. */
  receive(text: string): void {
    if (this.#closed) return;
    const frame = parseFrame(text, this.context.version, this.#maxIdLength);
    if (isFrameViolation(frame)) {
      this.#observer?.('in', text, undefined);
      this.#onViolation(frame);
      return;
    }
    switch (frame[0]) {
      case MessageType.Call:
      case MessageType.Send:
        this.#observer?.('in', text, frame[2]);
        this.#metrics?.callReceived(frame[2]);
        if (this.#mailbox.length >= this.#maxMailbox) {
          if (frame[0] === MessageType.Call) {
            this.#write(serializeCallError(frame[1], errorCodeFor(this.context.version, 'GenericError'), 'too many unanswered CALLs'), frame[2]);
          }
          return;
        }
        this.#mailbox.push(frame);
        this.#frameLengths.push(text.length);
        if (!this.#busy) this.#pump();
        return;
      case MessageType.CallResult:
        this.#observer?.('in', text, this.#calls.inFlightAction);
        if (!this.#calls.onResult(frame)) this.#unmatched(frame[1], 'CALLRESULT');
        return;
      case MessageType.CallError:
        this.#observer?.('in', text, this.#calls.inFlightAction);
        if (!this.#calls.onError(frame)) {
          this.context.logger.warn({ uniqueId: frame[1], errorCode: frame[2], errorDescription: frame[3], errorDetails: frame[4] }, 'CALLERROR for no pending call');
        }
        return;
      case MessageType.CallResultError:
        // 2.1: the station could not process one of our CALLRESULTs. Nothing to retry; make it visible.
        this.#observer?.('in', text, undefined);
        this.context.logger.warn({ uniqueId: frame[1], errorCode: frame[2], errorDescription: frame[3], errorDetails: frame[4] }, 'station rejected our CALLRESULT');
        return;
    }
  }

  /**
   * Sends a server-initiated CALL. At most one is in flight (OCPP-J §4.1.1); others wait in order. Settles with
   * the CALLRESULT payload, or rejects with `CallTimeoutError`, `CallErrorResponseError` (the station's
   * CALLERROR), `InvalidCallResultError` (answer off-schema), `InvalidCallError` (our payload off-schema),
   * `CallQueueFullError` or `ConnectionLostError`.
   */
  call<A extends keyof M & string>(action: A, payload: M[A]['request'], options?: CallOptions): Promise<M[A]['response']> {
    const answer = this.#calls.call(action, payload as object, options?.timeoutMs) as Promise<M[A]['response']>;
    const metrics = this.#metrics;
    if (metrics === undefined) return answer;
    return answer.then(
      (result) => {
        metrics.commandAnswered(action, result);
        return result;
      },
      (error: unknown) => {
        metrics.commandFailed(action, error);
        throw error;
      },
    );
  }

  /**
   * Ends the actor when the socket closed: every pending and queued server CALL fails at once with
   * `ConnectionLostError`, queued incoming CALLs are dropped unanswered (the station retries them on its next
   * connection), and an answer still being computed is discarded.
   */
  close(reason?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#mailbox.length = 0;
    this.#frameLengths.length = 0;
    this.#calls.close(reason);
  }

  #pump(): void {
    this.#busy = true;
    while (!this.#closed) {
      const frame = this.#mailbox.shift();
      const length = this.#frameLengths.shift();
      if (frame === undefined || length === undefined) break;
      const outcome = frame[0] === MessageType.Call ? this.#handleCall(frame, length) : this.#handleSend(frame);
      if (outcome !== undefined) {
        // Asynchronous handler: resume the mailbox when it settles (router promises never reject).
        void outcome.then(() => this.#pump());
        return;
      }
    }
    this.#busy = false;
  }

  #handleCall(frame: CallFrame, length: number): Promise<void> | undefined {
    const [, messageId, action, payload] = frame;
    const cached = this.#cache.lookup(messageId, action, length);
    if (typeof cached === 'string') {
      this.context.logger.debug({ uniqueId: messageId, action }, 'retransmitted CALL answered from cache');
      this.#write(cached, action);
      return undefined;
    }
    if (cached === null) this.context.logger.warn({ uniqueId: messageId, action }, 'message id reused for a different CALL');
    const started = this.#metrics ? performance.now() : 0;
    const handle = () => this.#router.handleCall(this.context, messageId, action, payload, this.#lenient);
    // tracing on (OTEL_EXPORTER_OTLP_ENDPOINT): the handler runs in the CALL's span, which its outbox events carry on
    const answer = tracingActive()
      ? inSpan('csms.gateway', `ocpp ${action}`, { kind: 'server', attributes: { 'ocpp.action': action, 'ocpp.message_id': messageId, 'csms.charge_point_id': this.context.stationId } }, handle)
      : handle();
    if (typeof answer === 'string') {
      this.#metrics?.handled(action, performance.now() - started);
      this.#answer(messageId, action, length, answer);
      return undefined;
    }
    return answer.then((text) => {
      this.#metrics?.handled(action, performance.now() - started);
      this.#answer(messageId, action, length, text);
    });
  }

  #handleSend(frame: SendFrame): Promise<void> | undefined {
    const done = this.#router.handleSend(this.context, frame[1], frame[2], frame[3], this.#lenient);
    return done instanceof Promise ? done : undefined;
  }

  #answer(messageId: string, action: string, length: number, text: string): void {
    if (this.#closed) return;
    this.#cache.remember(messageId, action, length, text);
    this.#write(text, action);
  }

  #onViolation(violation: FrameViolation): void {
    const type = violation.messageType;
    const v21 = this.context.version === '2.1';
    if (v21 && type === MessageType.Send) {
      // 2.1 Part 4: a SEND is never answered, not even when it is malformed.
      this.context.logger.warn({ uniqueId: violation.messageId, violation: violation.description }, 'malformed SEND dropped');
      return;
    }
    // CALLRESULTERROR (5) exists only in 2.1; in 1.6 and 2.0.1 it is an unknown message type and gets its CALLERROR.
    if (type === MessageType.CallResult || type === MessageType.CallError || (v21 && type === MessageType.CallResultError)) {
      // A broken answer cannot be answered with a CALLERROR (1.6/2.0.1); the pending CALL will time out.
      this.context.logger.warn({ uniqueId: violation.messageId, violation: violation.description }, 'malformed answer from station');
      return;
    }
    this.context.logger.warn({ uniqueId: violation.messageId, violation: violation.description }, 'malformed frame');
    const code = errorCodeFor(this.context.version, violation.kind);
    this.#write(serializeCallError(violation.messageId, code, violation.description), undefined);
  }

  #unmatched(messageId: string, kind: string): void {
    this.context.logger.warn({ uniqueId: messageId }, `${kind} for no pending call (late or unknown)`);
  }

  /** Our serializer writes `[2,` / `[4,` with no blanks, so the type is the second character. */
  #countOut(text: string, action: string | undefined): void {
    const type = text.charCodeAt(1);
    if (type === 0x32 /* '2' */ && action !== undefined) this.#metrics!.callSent(action);
    else if (type === 0x34 /* '4' */) this.#metrics!.callErrorSent(callErrorCode(text));
  }

  #write(text: string, action: string | undefined): void {
    try {
      this.#observer?.('out', text, action);
      if (this.#metrics) this.#countOut(text, action);
      this.#send(text);
    } catch (error) {
      // The socket may be gone before close() reached us; the mailbox must keep moving (receive never throws).
      this.context.logger.warn({ err: error }, 'send failed');
    }
  }
}

/** The error code of a CALLERROR we serialised (rare path: parsing it whole is fine). */
function callErrorCode(text: string): string {
  try {
    const frame = JSON.parse(text) as unknown[];
    return typeof frame[2] === 'string' ? frame[2] : 'unknown';
  } catch {
    return 'unknown';
  }
}
