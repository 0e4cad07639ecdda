import WebSocket from 'ws';
import type { OcppValidator } from '../../protocol/schemas/validator.ts';
import { answerLabel, checkAnswer, type Expected } from './answer-oracle.ts';

/** Counters of one fuzz run, written to `.test-results/fuzz-ocpp.json`. */
export interface FuzzCounters {
  /** Frames sent, of every kind. */
  frames: number;
  /** Frames the spec leaves unanswered (answers, SENDs, junk answers), sent and rightly not answered. */
  unanswered: number;
  /** Answers received by `CALLRESULT` or CALLERROR code. */
  answers: Record<string, number>;
  /** Everything that did not match the spec, with the frame that caused it (the test asserts there is none). */
  problems: string[];
}

/** Fresh {@link FuzzCounters}. */
export function fuzzCounters(): FuzzCounters {
  return { frames: 0, unanswered: 0, answers: {}, problems: [] };
}

interface Pending {
  readonly expected: Expected;
  readonly label: string;
  readonly text: string;
}

/** How long a station may wait for any answer while some are due before it reports the gateway as stuck. */
const STALL_MS = 60_000;
const MAX_PROBLEMS = 50;

/**
 * A station on a real WebSocket that pipelines frames and checks every answer against the oracle: answers are
 * matched by message id (ids are unique per connection), `-1` answers in order, and anything unexpected (an answer
 * nobody asked for, a second answer, a wrong code, an off-schema CALLRESULT) becomes a problem.
 */
export class FuzzSocketStation {
  readonly #pending = new Map<string, Pending>();
  readonly #unreadable: Pending[] = [];
  #progress: (() => void) | undefined;
  #next = 0;

  private constructor(
    readonly ws: WebSocket,
    readonly name: string,
    readonly closed: Promise<{ code: number; reason: string }>,
    private readonly validator: OcppValidator,
    private readonly counters: FuzzCounters,
  ) {
    ws.on('message', (data: Buffer) => this.#onAnswer(data.toString('utf8')));
    void closed.then(() => this.#wake());
  }

  /** Connects `name` with `protocol`; rejects on an HTTP refusal. */
  static connect(endpoint: string, name: string, protocol: string, validator: OcppValidator, counters: FuzzCounters): Promise<FuzzSocketStation> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${endpoint}/${encodeURIComponent(name)}`, [protocol], { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
      const closed = new Promise<{ code: number; reason: string }>((done) => ws.once('close', (code, reason) => done({ code, reason: String(reason) })));
      ws.once('open', () => resolve(new FuzzSocketStation(ws, name, closed, validator, counters)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  /** Frames sent and still waiting for their answer. */
  get outstanding(): number {
    return this.#pending.size + this.#unreadable.length;
  }

  /** A message id unique on this connection. */
  nextId(): string {
    return `${this.name.slice(-8)}-${(++this.#next).toString(36)}`;
  }

  /** Sends one frame (text, or raw bytes as a text or binary frame) and expects `expected` for it. */
  send(data: string | Buffer, expected: Expected, label: string, options: { binary?: boolean } = {}): void {
    const text = typeof data === 'string' ? data : data.toString('utf8');
    this.counters.frames += 1;
    if (expected.answer === 'none') this.counters.unanswered += 1;
    else if (expected.id === '-1') this.#unreadable.push({ expected, label, text });
    else if (this.#pending.has(expected.id)) throw new Error(`message id ${expected.id} reused by the fuzzer`);
    else this.#pending.set(expected.id, { expected, label, text });
    if (typeof data === 'string') this.ws.send(data);
    else this.ws.send(data, { binary: options.binary ?? false });
  }

  /** Resolves once at most `target` answers are due; rejects when the gateway sends nothing for a minute. */
  async drainTo(target: number): Promise<void> {
    while (this.outstanding > target) {
      if (this.ws.readyState !== WebSocket.OPEN) throw new Error(`${this.name}: connection closed with ${this.outstanding} answers due`);
      await new Promise<void>((resolve, reject) => {
        const stalled = setTimeout(() => {
          this.#progress = undefined;
          reject(new Error(`${this.name}: no answer for ${STALL_MS} ms; due: ${this.#describeDue()}`));
        }, STALL_MS);
        this.#progress = () => {
          clearTimeout(stalled);
          resolve();
        };
      });
    }
  }

  /**
   * Sends a Heartbeat and waits for its CALLRESULT: the station is still usable, and (OCPP-J §4.1.1 order) every
   * CALL sent before it has been answered.
   */
  async heartbeat(): Promise<void> {
    const id = this.nextId();
    this.send(`[2,"${id}","Heartbeat",{}]`, { answer: 'result', id, action: 'Heartbeat' }, 'Heartbeat (still usable)');
    await this.drainTo(0);
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    return this.closed;
  }

  #onAnswer(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = undefined;
    }
    const id = Array.isArray(frame) ? (frame[1] as unknown) : undefined;
    const pending = typeof id === 'string' ? (id === '-1' ? this.#unreadable.shift() : this.#pending.get(id)) : undefined;
    const label = answerLabel(frame);
    this.counters.answers[label] = (this.counters.answers[label] ?? 0) + 1;
    if (pending === undefined) {
      this.#problem(`answer nobody asked for: ${text.slice(0, 300)}`);
    } else {
      if (typeof id === 'string' && id !== '-1') this.#pending.delete(id);
      const problem = checkAnswer(pending.expected, text, this.validator, frame);
      if (problem) this.#problem(`${pending.label}: ${problem}\n  sent: ${pending.text.slice(0, 400)}`);
    }
    this.#wake();
  }

  #wake(): void {
    const progress = this.#progress;
    this.#progress = undefined;
    progress?.();
  }

  #problem(text: string): void {
    if (this.counters.problems.length < MAX_PROBLEMS) this.counters.problems.push(`${this.name}: ${text}`);
  }

  #describeDue(): string {
    return [...this.#pending.values(), ...this.#unreadable].slice(0, 5).map((p) => `${p.label}: ${p.text.slice(0, 200)}`).join(' | ');
  }
}
