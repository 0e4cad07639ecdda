import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { bootFrame, type FrameState } from './frames.ts';

/** What an answer handler gets: the frame text, its latency in µs, and whether it was a CALLERROR. */
export type AnswerHandler = (text: string, micros: number, callError: boolean) => void;

/**
 * A lean simulated station: one socket, at most one CALL in flight (OCPP-J §4.1.1), numeric message ids, answers
 * matched by id without parsing the payload. Thousands live in one client process.
 */
export class BenchStation {
  ws: WebSocket | undefined;
  readonly state: FrameState = { transactionId: 0, meterWh: 1000 };
  #nextId = 0;
  #pending = 0;
  #sentAt = 0;
  #onAnswer: AnswerHandler | undefined;
  /** Set when the socket closed after it had opened (the server dropped it). */
  dropped = false;

  constructor(readonly id: string) {}

  get busy(): boolean {
    return this.#pending !== 0;
  }

  /** Sends the frame `build(messageId)` and calls `onAnswer` with its answer. False when the socket is not open. */
  send(build: (messageId: number) => string, onAnswer: AnswerHandler, sentAt = performance.now()): boolean {
    if (this.ws === undefined || this.ws.readyState !== WebSocket.OPEN) return false;
    this.#nextId += 1;
    this.#pending = this.#nextId;
    this.#sentAt = sentAt;
    this.#onAnswer = onAnswer;
    this.ws.send(build(this.#nextId));
    return true;
  }

  /**
   * Sends and resolves with the answer (setup steps; the measured loops use {@link send}). Rejects when the socket is
   * not open, closes before the answer, or no answer comes within `timeoutMs` — a setup step must never wait forever
   * (a station the server dropped right after its upgrade once held a whole benchmark run).
   */
  exchange(build: (messageId: number) => string, timeoutMs = 30_000): Promise<{ text: string; micros: number; callError: boolean }> {
    return new Promise((resolve, reject) => {
      const ws = this.ws;
      const fail = (reason: string) => {
        clearTimeout(timer);
        ws?.off('close', onClose);
        this.abandon();
        reject(new Error(`${this.id}: ${reason}`));
      };
      const onClose = () => fail('the socket closed before the answer');
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
      const sent = this.send(build, (text, micros, callError) => {
        clearTimeout(timer);
        ws?.off('close', onClose);
        resolve({ text, micros, callError });
      });
      if (!sent) return fail('not connected');
      ws?.once('close', onClose);
    });
  }

  /** Drops the CALL in flight (a timeout); its late answer is ignored. */
  abandon(): void {
    this.#pending = 0;
    this.#onAnswer = undefined;
  }

  sentAt(): number {
    return this.#sentAt;
  }

  /**
   * Opens the socket and sends BootNotification; resolves with the connect+boot time in µs, or rejects when the
   * connection fails or the boot is not answered within `timeoutMs`.
   */
  connect(url: string, timeoutMs: number): Promise<number> {
    const started = performance.now();
    return new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${url}/${encodeURIComponent(this.id)}`, ['ocpp1.6'], { perMessageDeflate: false, handshakeTimeout: timeoutMs });
      this.ws = ws;
      let opened = false;
      let booted = false;
      const timer = setTimeout(() => reject(new Error('boot not answered in time')), timeoutMs);
      ws.on('open', () => {
        opened = true;
        this.send(bootFrame, (_text, _micros, callError) => {
          clearTimeout(timer);
          booted = true;
          if (callError) reject(new Error('BootNotification answered with a CALLERROR'));
          else resolve((performance.now() - started) * 1000);
        }, started);
      });
      ws.on('message', (data: Buffer) => this.#receive(data.toString()));
      ws.on('error', () => undefined);
      ws.on('close', () => {
        this.ws = undefined;
        clearTimeout(timer);
        if (opened) this.dropped = true;
        // closed before its boot was answered (also right after the upgrade, as the pinned uWS does at times): a
        // failed connection, never a promise left pending
        if (!booted) reject(new Error(opened ? 'connection closed before the boot was answered' : 'connection failed'));
      });
    });
  }

  /** Closes the socket at once; resolves when it is closed. */
  terminate(): Promise<void> {
    const ws = this.ws;
    if (ws === undefined || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.terminate();
    });
  }

  #receive(text: string): void {
    const type = text.charCodeAt(1) - 48;
    if (type === 2) return; // a server-initiated CALL: the bench stations never get one they must answer
    const end = text.indexOf('"', 4);
    if ((type !== 3 && type !== 4) || Number(text.slice(4, end)) !== this.#pending) return;
    const handler = this.#onAnswer;
    const micros = (performance.now() - this.#sentAt) * 1000;
    this.#pending = 0;
    this.#onAnswer = undefined;
    handler?.(text, micros, type === 4);
  }
}
