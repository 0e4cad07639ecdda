import { judgeTag, type ChargeTagRecord, type TagDecision } from '@csms/db';

/** Options of {@link TagAuthorizer}. */
export interface TagAuthorizerOptions {
  /** Reads one tag (the DB's `chargeTags.get`). */
  readonly lookup: (tagId: string) => Promise<ChargeTagRecord | null>;
  /** How long a looked-up tag is reused; 0 disables the cache. */
  readonly cacheMs: number;
  /** Retry an unknown `<tag>_<suffix>` as `<tag>` (KEBA). */
  readonly stripSuffix: boolean;
  /** Most tags kept; the oldest are evicted first. Default 10,000. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly at: number;
  readonly record: Promise<ChargeTagRecord | null>;
}

/**
 * Authorizes tags from the DB with a short-lived cache of tag records (not of verdicts: expiry is judged at the
 * moment of each request), so a busy station's Authorize is answered from memory in well under a millisecond and
 * concurrent lookups of one tag share a single query. Blocking a tag takes effect within `cacheMs`.
 */
export class TagAuthorizer {
  readonly #options: TagAuthorizerOptions;
  readonly #cache = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: TagAuthorizerOptions) {
    this.#options = options;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Decides on `idTag` at `at`. Rejects only when the DB cannot be read. */
  async authorize(idTag: string, at: Date): Promise<TagDecision> {
    let tagId = idTag;
    let record = await this.#lookup(idTag);
    if (record === null && this.#options.stripSuffix) {
      // Exact match first, so a real tag containing "_" still works (OCPP.Core cut at the first "_" and lost those).
      const cut = idTag.lastIndexOf('_');
      if (cut > 0) {
        tagId = idTag.slice(0, cut);
        record = await this.#lookup(tagId);
      }
    }
    return judgeTag(record === null ? idTag : tagId, record, at);
  }

  /** Forgets every cached tag (tests, or after bulk changes). */
  clear(): void {
    this.#cache.clear();
  }

  #lookup(tagId: string): Promise<ChargeTagRecord | null> {
    if (this.#options.cacheMs <= 0) return this.#options.lookup(tagId);
    const now = this.#now();
    const cached = this.#cache.get(tagId);
    if (cached !== undefined && now - cached.at < this.#options.cacheMs) return cached.record;
    const record = this.#options.lookup(tagId);
    this.#cache.delete(tagId);
    this.#cache.set(tagId, { at: now, record });
    // A failed read must not be remembered.
    record.catch(() => {
      if (this.#cache.get(tagId)?.record === record) this.#cache.delete(tagId);
    });
    if (this.#cache.size > this.#maxEntries) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    return record;
  }
}
