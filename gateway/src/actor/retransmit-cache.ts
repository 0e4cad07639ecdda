/**
 * The answers to the last few CALLs of one connection, so a retransmitted CALL (same message id, OCPP-J 2.x Part 4
 * §4.1.4: "The message ID for a retried message MAY be identical") is answered again without running its handler
 * a second time. A station waits for each answer before its next CALL (OCPP-J §4.1.1), so a retransmission is
 * almost always of one of the last CALLs: a few slots suffice, kept in flat arrays (no per-message allocation, a
 * handful of bytes per idle connection).
 *
 * An entry matches only if action and frame length match too: some firmware reuses ids for different messages,
 * and answering a BootNotification with a cached Heartbeat answer would be worse than running a handler twice.
 */
export class RetransmitCache {
  readonly #ids: (string | undefined)[];
  readonly #actions: (string | undefined)[];
  readonly #lengths: number[];
  readonly #answers: (string | undefined)[];
  #next = 0;

  constructor(readonly size: number) {
    this.#ids = new Array<string | undefined>(size).fill(undefined);
    this.#actions = new Array<string | undefined>(size).fill(undefined);
    this.#lengths = new Array<number>(size).fill(-1);
    this.#answers = new Array<string | undefined>(size).fill(undefined);
  }

  /**
   * The cached answer for this CALL, `undefined` if it was not answered before, or `null` when the id was seen
   * with a different action or frame (the caller processes it as a new CALL and may log the reuse).
   */
  lookup(messageId: string, action: string, frameLength: number): string | null | undefined {
    for (let i = 0; i < this.size; i++) {
      if (this.#ids[i] !== messageId) continue;
      return this.#actions[i] === action && this.#lengths[i] === frameLength ? this.#answers[i] : null;
    }
    return undefined;
  }

  /** Remembers an answer, evicting the oldest entry. */
  remember(messageId: string, action: string, frameLength: number, answer: string): void {
    if (this.size === 0) return;
    const i = this.#next;
    this.#ids[i] = messageId;
    this.#actions[i] = action;
    this.#lengths[i] = frameLength;
    this.#answers[i] = answer;
    this.#next = (i + 1) % this.size;
  }
}
