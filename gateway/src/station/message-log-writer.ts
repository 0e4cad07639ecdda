import { shouldLogMessage, type MessageLogEntry, type MessageLogLevel } from '@csms/db';
import type { ProtocolLogger } from '../actor/handler.ts';
import type { MessageObserver } from '../actor/station-actor.ts';
import { redactSecrets } from './redact-secrets.ts';

/** Options of {@link MessageLogWriter}. */
export interface MessageLogWriterOptions {
  readonly level: MessageLogLevel;
  /** Writes one batch (the DB's `messageLog.insertMany`). */
  readonly insertMany: (entries: readonly MessageLogEntry[]) => Promise<number>;
  readonly logger: ProtocolLogger;
  /** Default 1 s. */
  readonly flushIntervalMs?: number;
  /** Entries kept while the DB is unreachable; beyond that the oldest are dropped, and counted in a warning. */
  readonly maxBuffered?: number;
  /** Longer frames are stored cut, with a marker (a NotifyReport may be 1 MiB). Default 16 KiB. */
  readonly maxPayloadChars?: number;
}

const TYPES: Readonly<Record<string, MessageLogEntry['messageType']>> = {
  '2': 'CALL',
  '3': 'CALLRESULT',
  '4': 'CALLERROR',
  '5': 'CALLERROR', // 2.1 CALLRESULTERROR
  '6': 'CALL', // 2.1 SEND
};
// Only the head of the frame is read: the actor already parsed it, and the log must stay off the hot path.
const HEAD = /^\s*\[\s*(\d)\s*,\s*"((?:[^"\\]|\\.){0,64})"(?:\s*,\s*"((?:[^"\\]|\\.){0,50})")?/;

// column widths of message_log; a station's unknown action can be any length
const MAX_ACTION = 60;
const MAX_UNIQUE_ID = 64;
const MAX_ERROR_CODE = 50;

/**
 * A value every database can store: U+0000 (which PostgreSQL refuses in text and which cut SQLite's statement, so one
 * junk frame failed the whole batch on every retry) becomes U+FFFD, and text is cut to its column's width.
 */
function storable(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  const clean = value.includes('\u0000') ? value.replaceAll('\u0000', '\ufffd') : value;
  return clean.length > max ? clean.slice(0, max) : clean;
}

/**
 * The OCPP message log: the actors' observer tap only appends to a buffer; a timer writes the buffer in one batch
 * insert per second, off the message path. `flush()` on shutdown writes what is left.
 */
export class MessageLogWriter {
  readonly #options: MessageLogWriterOptions;
  readonly #maxBuffered: number;
  readonly #maxPayload: number;
  #buffer: MessageLogEntry[] = [];
  #dropped = 0;
  #writing: Promise<void> | undefined;
  readonly #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: MessageLogWriterOptions) {
    this.#options = options;
    this.#maxBuffered = options.maxBuffered ?? 50_000;
    this.#maxPayload = options.maxPayloadChars ?? 16 * 1024;
    if (options.level !== 'off') {
      this.#timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1000);
      this.#timer.unref();
    }
  }

  /** Entries waiting to be written. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** The observer for one station's actor, or undefined when logging is off. */
  observer(chargePointId: string): MessageObserver | undefined {
    if (this.#options.level === 'off') return undefined;
    return (direction, text, action) => this.#record(chargePointId, direction, text, action);
  }

  /** Writes everything buffered now; resolves when written (or given up on after an error, which is logged). */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#writing = this.#options
      .insertMany(batch)
      .then(
        () => undefined,
        (error: unknown) => {
          this.#options.logger.warn({ err: error, entries: batch.length }, 'message log write failed; will retry');
          this.#buffer = batch.concat(this.#buffer);
          this.#trim();
        },
      )
      .finally(() => {
        this.#writing = undefined;
      });
    await this.#writing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.flush();
  }

  #record(chargePointId: string, direction: 'in' | 'out', raw: string, action: string | undefined): void {
    const text = redactSecrets(raw);
    const head = HEAD.exec(text);
    const messageType = (head?.[1] !== undefined ? TYPES[head[1]] : undefined) ?? 'CALL';
    const isError = messageType === 'CALLERROR';
    if (!isError && !shouldLogMessage(this.#options.level, action ?? null)) return;
    this.#buffer.push({
      loggedAt: new Date(),
      chargePointId,
      direction,
      messageType,
      action: storable(action, MAX_ACTION),
      uniqueId: storable(head?.[2], MAX_UNIQUE_ID),
      payload: storable(text.length > this.#maxPayload ? `${text.slice(0, this.#maxPayload)}…[${text.length} chars]` : text, Infinity),
      errorCode: isError ? storable(head?.[3], MAX_ERROR_CODE) : null,
    });
    this.#trim();
  }

  #trim(): void {
    const excess = this.#buffer.length - this.#maxBuffered;
    if (excess <= 0) return;
    this.#buffer.splice(0, excess);
    this.#dropped += excess;
    this.#options.logger.warn({ dropped: this.#dropped }, 'message log buffer full: oldest entries dropped');
  }
}
