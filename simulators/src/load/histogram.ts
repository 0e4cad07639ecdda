/** Sub-buckets per power of two: values are kept within 1/32 (≈3 %) of their true size. */
const SUB_BITS = 5;
const SUB = 1 << SUB_BITS;
/** Values up to 2^31 µs (about 36 minutes); larger ones land in the last bucket. */
const MAX_EXPONENT = 31;
const BUCKETS = SUB + (MAX_EXPONENT - SUB_BITS + 1) * SUB;

function indexOf(value: number): number {
  const v = Math.max(0, Math.min(Math.floor(value), 2 ** MAX_EXPONENT - 1));
  if (v < SUB) return v;
  const exponent = 31 - Math.clz32(v);
  return SUB + (exponent - SUB_BITS) * SUB + ((v >>> (exponent - SUB_BITS)) - SUB);
}

/** The largest value that falls into bucket `index`. */
function upperBound(index: number): number {
  if (index < SUB) return index;
  const exponent = Math.floor((index - SUB) / SUB) + SUB_BITS;
  const sub = (index - SUB) % SUB;
  return ((SUB + sub + 1) << (exponent - SUB_BITS)) - 1;
}

/** Percentiles of a histogram, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/**
 * Latencies in fixed log-linear buckets (HDR-style: 32 linear sub-buckets per power of two of microseconds), so
 * recording is O(1) with no allocation, memory is fixed (~4 KB) and percentiles are within ≈3 %. No sorted arrays.
 */
export class LatencyHistogram {
  readonly #counts = new Uint32Array(BUCKETS);
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = 0;

  /** Records one latency in microseconds. */
  record(micros: number): void {
    this.#counts[indexOf(micros)]! += 1;
    this.#count += 1;
    this.#sum += micros;
    if (micros < this.#min) this.#min = micros;
    if (micros > this.#max) this.#max = micros;
  }

  get count(): number {
    return this.#count;
  }

  /** The latency (µs) at or below which `p` percent of the samples fall (bucket upper bound, capped at max). */
  percentile(p: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i]!;
      if (seen >= rank) return Math.min(upperBound(i), this.#max);
    }
    return this.#max;
  }

  /** Adds another histogram's samples to this one. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.#counts[i]! += other.#counts[i]!;
    this.#count += other.#count;
    this.#sum += other.#sum;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
  }

  /** Count, mean and percentiles in milliseconds (three decimals). */
  summary(): LatencySummary {
    const ms = (micros: number) => Math.round(micros) / 1000;
    return {
      count: this.#count,
      mean: this.#count === 0 ? 0 : ms(this.#sum / this.#count),
      min: this.#count === 0 ? 0 : ms(this.#min),
      p50: ms(this.percentile(50)),
      p90: ms(this.percentile(90)),
      p99: ms(this.percentile(99)),
      p999: ms(this.percentile(99.9)),
      max: ms(this.#max),
    };
  }
}
