import {
  CallErrorResponseError,
  CallQueueFullError,
  CallTimeoutError,
  ConnectionLostError,
  InvalidCallError,
  InvalidCallResultError,
} from '../errors.ts';
import { errorCodeFor } from '../protocol/error-codes.ts';
import type { CallErrorFrame, CallResultFrame, JsonObject } from '../protocol/frames.ts';
import { UNREADABLE_MESSAGE_ID } from '../protocol/parse.ts';
import type { OcppValidator } from '../protocol/schemas/validator.ts';
import { serializeCall, serializeCallResultError } from '../protocol/serialize.ts';
import type { ProtocolLogger } from './handler.ts';

interface QueuedCall {
  readonly action: string;
  readonly payload: object;
  readonly timeoutMs: number;
  readonly resolve: (payload: JsonObject) => void;
  readonly reject: (error: Error) => void;
}

interface InFlightCall extends QueuedCall {
  readonly messageId: string;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Options of {@link OutgoingCalls}. */
export interface OutgoingCallsOptions {
  readonly send: (text: string) => void;
  readonly validator: OcppValidator;
  readonly logger: ProtocolLogger;
  readonly newMessageId: () => string;
  readonly timeoutMs: number;
  readonly maxQueued: number;
  readonly lenient: boolean;
}

/**
 * Server-initiated CALLs of one connection: queued, exactly one in flight (OCPP-J §4.1.1), each with a timeout,
 * answers matched by message id and checked against the response schema.
 */
export class OutgoingCalls {
  readonly #options: OutgoingCallsOptions;
  readonly #queue: QueuedCall[] = [];
  #inFlight: InFlightCall | undefined;
  #closed: string | undefined;

  constructor(options: OutgoingCallsOptions) {
    this.#options = options;
  }

  /** Number of calls queued or in flight. */
  get pending(): number {
    return this.#queue.length + (this.#inFlight === undefined ? 0 : 1);
  }

  /** The action of the CALL in flight, if any (to name the action of an incoming answer in the message log). */
  get inFlightAction(): string | undefined {
    return this.#inFlight?.action;
  }

  /** Queues a CALL; settles with the station's CALLRESULT payload or a typed error from `errors.ts`. */
  call(action: string, payload: object, timeoutMs = this.#options.timeoutMs): Promise<JsonObject> {
    if (this.#closed !== undefined) return Promise.reject(new ConnectionLostError(action, this.#closed));
    // Refuse our own bugs before they reach the station: an unknown action or an off-schema payload.
    const violation = this.#options.validator.validate('request', action, payload);
    if (violation !== undefined) return Promise.reject(new InvalidCallError(action, violation));
    if (this.#queue.length >= this.#options.maxQueued) {
      return Promise.reject(new CallQueueFullError(action, this.#options.maxQueued));
    }
    return new Promise<JsonObject>((resolve, reject) => {
      this.#queue.push({ action, payload, timeoutMs, resolve, reject });
      if (this.#inFlight === undefined) this.#sendNext();
    });
  }

  /** Handles a CALLRESULT; returns false when no CALL in flight has its id. */
  onResult(frame: CallResultFrame): boolean {
    const call = this.#take(frame[1], false);
    if (call === undefined) return false;
    const violation = this.#options.validator.validate('response', call.action, frame[2], this.#options.lenient);
    if (violation !== undefined && !(this.#options.lenient && violation.soft)) {
      if (this.#options.validator.version === '2.1') {
        // 2.1 lets the receiver of a bad CALLRESULT say so (Part 4 §4.2.3 CALLRESULTERROR).
        const code = errorCodeFor('2.1', violation.kind);
        this.#send(serializeCallResultError(frame[1], code, violation.description));
      }
      call.reject(new InvalidCallResultError(call.action, violation));
    } else {
      if (violation !== undefined) {
        this.#options.logger.warn({ uniqueId: frame[1], action: call.action, violation: violation.description }, 'lenient: response violation accepted');
      }
      call.resolve(frame[2]);
    }
    this.#sendNext();
    return true;
  }

  /** Handles a CALLERROR; returns false when no CALL in flight has its id. */
  onError(frame: CallErrorFrame): boolean {
    // A station that could not even read our CALL's id answers with "-1" (Part 4 §4.2.3); with one CALL in flight
    // there is no doubt which one it means.
    const call = this.#take(frame[1], frame[1] === UNREADABLE_MESSAGE_ID);
    if (call === undefined) return false;
    call.reject(new CallErrorResponseError(call.action, frame[2], frame[3], frame[4]));
    this.#sendNext();
    return true;
  }

  /** Fails the CALL in flight and every queued CALL at once with `ConnectionLostError`; later calls fail too. */
  close(reason = 'connection closed'): void {
    if (this.#closed !== undefined) return;
    this.#closed = reason;
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    if (inFlight !== undefined) {
      clearTimeout(inFlight.timer);
      inFlight.reject(new ConnectionLostError(inFlight.action, reason));
    }
    for (const queued of this.#queue.splice(0)) queued.reject(new ConnectionLostError(queued.action, reason));
  }

  #take(messageId: string, anyId: boolean): InFlightCall | undefined {
    const call = this.#inFlight;
    if (call === undefined || (!anyId && call.messageId !== messageId)) return undefined;
    clearTimeout(call.timer);
    this.#inFlight = undefined;
    return call;
  }

  #sendNext(): void {
    const next = this.#queue.shift();
    if (next === undefined || this.#closed !== undefined) return;
    const messageId = this.#options.newMessageId();
    const timer = setTimeout(() => this.#onTimeout(messageId), next.timeoutMs);
    this.#inFlight = { ...next, messageId, timer };
    if (!this.#send(serializeCall(messageId, next.action, next.payload))) {
      clearTimeout(timer);
      this.#inFlight = undefined;
      next.reject(new ConnectionLostError(next.action, 'send failed'));
      this.#sendNext();
    }
  }

  #onTimeout(messageId: string): void {
    const call = this.#inFlight;
    if (call === undefined || call.messageId !== messageId) return;
    this.#inFlight = undefined;
    call.reject(new CallTimeoutError(call.action, messageId, call.timeoutMs));
    this.#sendNext();
  }

  #send(text: string): boolean {
    try {
      this.#options.send(text);
      return true;
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'send failed');
      return false;
    }
  }
}
