import { ANY_SCHEMA_VERDICT, expectedAnswer, type ActionCatalogue, type Expected } from './answer-oracle.ts';
import type { FrameTemplate, FuzzFrame } from './frame-arbitrary.ts';

/** Length of every message id the pool hands out: ids are substituted in place, so lengths must match. */
export const POOL_ID_LENGTH = 12;
// DEL is not escaped by JSON.stringify and appears nowhere else in generated frames
const PLACEHOLDER = '\u007f'.repeat(POOL_ID_LENGTH);

interface Entry {
  readonly text: string;
  readonly expected: Expected;
  readonly label: string;
}

// Characters that break or bend JSON when inserted: structure, escapes, a raw U+0000, a multi-byte letter.
const INSERTS = ['"', '{', '}', '[', ']', ',', ':', '\\', '0', '9', '-', 'e', ' ', 'é', '\u0000', 'null'];

/**
 * Frames for a socket fuzz run of hundreds of thousands of frames: a few thousand generated templates (fast-check
 * generation costs milliseconds per frame) are built once with a placeholder id, each also mutated once at the text
 * level (a character deleted, inserted or replaced, the frame cut short) and judged by the oracle; then handed out
 * with fresh ids by substitution, which costs microseconds.
 */
export class FramePool {
  readonly #entries: Entry[] = [];
  readonly #mutants: Entry[] = [];

  /**
   * @param maxBytes templates whose frame is larger are left out (oversized frames are a test of their own)
   * @param mutations `[op, position]` per template, any non-negative integers (seeded by the caller)
   */
  constructor(templates: readonly FrameTemplate[], catalogue: ActionCatalogue, maxBytes: number, mutations: readonly (readonly [number, number])[]) {
    for (const [i, template] of templates.entries()) {
      const frame = template(PLACEHOLDER);
      if (Buffer.byteLength(frame.text) > maxBytes) continue;
      this.#entries.push(frame);
      const [op, position] = mutations[i % Math.max(1, mutations.length)] ?? [0, 0];
      const mutant = mutate(frame, catalogue, op, position);
      if (mutant) this.#mutants.push(mutant);
    }
    if (this.#entries.length === 0 || this.#mutants.length === 0) throw new Error('no frame fits the size limit');
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Entry `index` (modulo the pool size), as generated or its mutant, with message id `id` ({@link POOL_ID_LENGTH}). */
  frame(index: number, id: string, mutated = false): FuzzFrame {
    if (id.length !== POOL_ID_LENGTH) throw new Error(`pool ids have ${POOL_ID_LENGTH} characters: ${id}`);
    const entries = mutated ? this.#mutants : this.#entries;
    const entry = entries[index % entries.length]!;
    const expected = entry.expected;
    return {
      text: entry.text.replaceAll(PLACEHOLDER, id),
      label: entry.label,
      expected: expected.answer === 'none' ? expected : { ...expected, id: expected.id.replaceAll(PLACEHOLDER, id) },
    };
  }
}

/**
 * `frame` mutated by `op` at `position`, judged by the oracle (a changed payload may get a CALLRESULT or any schema
 * violation); `undefined` when the mutation hit the message id, which must stay substitutable and unique.
 */
function mutate(frame: Entry, catalogue: ActionCatalogue, op: number, position: number): Entry | undefined {
  const text = frame.text;
  const at = position % Math.max(1, text.length);
  const insert = INSERTS[op % INSERTS.length]!;
  let mutated: string;
  let what: string;
  switch (op % 4) {
    case 0:
      mutated = text.slice(0, at) + text.slice(at + 1);
      what = 'character deleted';
      break;
    case 1:
      mutated = text.slice(0, at) + insert + text.slice(at);
      what = `${JSON.stringify(insert)} inserted`;
      break;
    case 2:
      mutated = text.slice(0, at) + insert + text.slice(at + 1);
      what = `character replaced by ${JSON.stringify(insert)}`;
      break;
    default:
      mutated = text.slice(0, at);
      what = 'cut short';
  }
  const expected = expectedAnswer(mutated, catalogue, ANY_SCHEMA_VERDICT);
  if (expected.answer !== 'none' && expected.id !== '-1' && !expected.id.includes(PLACEHOLDER)) return undefined;
  if (mutated.split(PLACEHOLDER).length !== text.split(PLACEHOLDER).length) return undefined;
  return { text: mutated, expected, label: `${frame.label}, ${what} at ${at}` };
}
